import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../platform/deps.ts';
import { ingestWebhook, webhookChannel } from './ingest.ts';

interface Params {
  type: string;
  channelId: string;
}

/**
 * POST /webhooks/:type/:channelId for every platform. Signatures are computed
 * over the exact bytes received, so this plugin replaces the global JSON
 * parser (in its own scope only) with one that keeps the raw body.
 */
export const webhookRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    app.post<{ Params: Params }>('/webhooks/:type/:channelId', { schema: { hide: true } }, async (req) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      return ingestWebhook(deps, req.params.type, req.params.channelId, raw, req.headers);
    });

    // Meta (WhatsApp, Messenger) confirms a webhook URL by asking us to echo a challenge.
    app.get<{ Params: Params; Querystring: Record<string, string | undefined> }>('/webhooks/:type/:channelId', { schema: { hide: true } }, async (req, reply) => {
      const { adapter, secrets } = await webhookChannel(deps, req.params.type, req.params.channelId);
      const challenge = adapter.challenge?.(req.query, secrets);
      if (challenge === undefined) return reply.status(403).send({ error: { code: 'FORBIDDEN', message: 'hub.verify_token does not match' } });
      return reply.type('text/plain').send(challenge);
    });
  };
