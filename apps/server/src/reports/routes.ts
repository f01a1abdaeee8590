import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { liveStats } from './live-stats.ts';
import { requireRole } from '../platform/principal.ts';

export const reportRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/stats/live', { schema: { tags: ['routing'] } }, async (req) => {
      requireRole(req.principal, 'supervisor');
      return liveStats(deps, req.principal);
    });
  };
