import { LoginBody, RoutingSettingsPatch } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { liveStats } from '../../use-cases/live-stats.ts';
import { getRoutingSettings, routingOverview, updateRoutingSettings } from '../../use-cases/routing-overview.ts';
import { login, logout, whoAmI } from '../../use-cases/workspaces.ts';
import { bearerToken, requireRole } from '../auth.ts';

/** Routes that need no token. */
export const publicRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/auth/login', { schema: { tags: ['auth'], body: LoginBody } }, async (req) =>
      login(deps, req.body.email, req.body.password, req.body.workspaceId),
    );
  };

export const workspaceRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
      await logout(deps, bearerToken(req) ?? '');
      return reply.status(204).send();
    });
    app.get('/me', { schema: { tags: ['auth'] } }, async (req) => whoAmI(deps, req.principal));
    app.get('/routing', { schema: { tags: ['routing'] } }, async (req) => routingOverview(deps, req.principal));
    app.get('/settings/routing', { schema: { tags: ['routing'] } }, async (req) => getRoutingSettings(deps, req.principal));
    app.patch('/settings/routing', { schema: { tags: ['routing'], body: RoutingSettingsPatch } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateRoutingSettings(deps, req.principal, req.body);
    });
    app.get('/stats/live', { schema: { tags: ['routing'] } }, async (req) => {
      requireRole(req.principal, 'supervisor');
      return liveStats(deps, req.principal);
    });
  };
