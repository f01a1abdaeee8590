import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import { webchatRoutes } from './webchat/routes.ts';
import { webhookRoutes } from './webhooks/routes.ts';

/**
 * Channel plugins mounted under /api/v1 without bearer authentication
 * (webhooks verify the platform's signature; web chat uses visitor sessions).
 */
export function channelPlugins(deps: Deps): FastifyPluginAsync[] {
  return [webhookRoutes(deps), webchatRoutes(deps)];
}
