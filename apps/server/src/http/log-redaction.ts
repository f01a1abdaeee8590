import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** Query parameters that carry credentials (the stream's `token`, a ticket, OAuth-style names). */
const SECRET_PARAMS = /([?&](?:token|ticket|access_token|key)=)[^&#]*/gi;

/** A URL fit for a log line: credential values replaced (SPEC §7: tokens never appear in logs). */
export const redactUrl = (url: string) => url.replace(SECRET_PARAMS, '$1[redacted]');

/**
 * The logger Fastify logs requests with: Fastify's own request serializer,
 * with the URL redacted. Serializers of the logger passed in win over
 * Fastify's defaults, so this covers every line that carries `req`.
 */
export function redactingLogger(log: Logger): Logger {
  return log.child(
    {},
    {
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
      redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
  );
}
