import { RoutingSettingsPatch } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { getRoutingSettings, routingOverview, updateRoutingSettings } from './routing-overview.ts';
import { requireRole } from '../platform/principal.ts';

export const routingRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/routing', { schema: { tags: ['routing'] } }, async (req) => routingOverview(deps, req.principal));
    app.get('/settings/routing', { schema: { tags: ['routing'] } }, async (req) => getRoutingSettings(deps, req.principal));
    app.patch('/settings/routing', { schema: { tags: ['routing'], body: RoutingSettingsPatch } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateRoutingSettings(deps, req.principal, req.body);
    });
  };
