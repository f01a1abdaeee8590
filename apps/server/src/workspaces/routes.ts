import { LoginBody } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { login, logout, whoAmI } from './workspaces.ts';
import { bearerToken } from '../platform/bearer.ts';

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
  };
