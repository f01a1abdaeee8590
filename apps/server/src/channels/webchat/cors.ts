import type { FastifyInstance } from 'fastify';

/**
 * The widget runs on customers' own sites, so its API answers any origin.
 * That is safe because a visitor proves who it is with a bearer session
 * token, never a cookie: another site's script cannot borrow a visitor's
 * session without already holding its token.
 */
export function allowAnyOrigin(app: FastifyInstance) {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', 'authorization, content-type');
    reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
    reply.header('access-control-max-age', '600');
    return payload;
  });
  app.options('/webchat/*', { schema: { hide: true } }, async (_req, reply) => reply.status(204).send());
}
