import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../deps.ts';

/**
 * Channel plugins mounted under /api/v1 without bearer authentication
 * (webhooks verify the platform's signature; web chat uses visitor sessions).
 */
export function channelPlugins(_deps: Deps): FastifyPluginAsync[] {
  return [];
}
