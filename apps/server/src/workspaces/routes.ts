import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { whoAmI } from './workspaces.ts';

export const workspaceRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/me', { schema: { tags: ['auth'] } }, async (req) => whoAmI(deps, req.principal));
  };
