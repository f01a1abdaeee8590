import type { FastifyInstance } from 'fastify';

/**
 * The widget runs on customers' own sites, so its API answers any origin.
 * That is safe because a visitor proves who it is with a bearer session
 * token, never a cookie: another site's script cannot borrow a visitor's
 * session without already holding its token.
 */
export function allowAnyOrigin(app: FastifyInstance) {
  anyOriginHeaders(app);
  app.options('/webchat/*', { schema: { hide: true } }, async (_req, reply) => reply.status(204).send());
}

/** The headers alone, for another plugin's /webchat/* routes (the widget's file uploads); the OPTIONS route above answers for them. */
export function anyOriginHeaders(app: FastifyInstance) {
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-allow-headers', 'authorization, content-type');
    reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
    reply.header('access-control-max-age', '600');
    return payload;
  });
}
