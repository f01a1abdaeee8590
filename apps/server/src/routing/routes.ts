import { RoutingSettingsPatch } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { getRoutingSettings, routingOverview, updateRoutingSettings } from './routing-overview.ts';
import { requireRole } from '../platform/principal.ts';
import { IdParams } from '@switchboard/protocol';
import { z } from 'zod';
import { explainConversation } from './explain.ts';

export const routingRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/routing', { schema: { tags: ['routing'] } }, async (req) => routingOverview(deps, req.principal));
    const ExplainQuery = z.object({ at: z.string().max(64).optional() });
    app.get('/conversations/:id/explain', { schema: { tags: ['routing'], params: IdParams, querystring: ExplainQuery } }, async (req) =>
      explainConversation(deps, req.principal, req.params.id, req.query.at),
    );
    app.get('/settings/routing', { schema: { tags: ['routing'] } }, async (req) => getRoutingSettings(deps, req.principal));
    app.patch('/settings/routing', { schema: { tags: ['routing'], body: RoutingSettingsPatch } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateRoutingSettings(deps, req.principal, req.body);
    });
  };
