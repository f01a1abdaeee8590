import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * SPEC §7 headers on every answer (docs/security.md): a CSP the console runs
 * under (its own scripts, styles and sockets; images also from https and
 * data/blob URLs for attachments), no framing anywhere (`frame-ancestors
 * 'none'`: the widget is a script on the host page, never a frame of ours),
 * nosniff and no referrer. Resources may be loaded cross-origin, because
 * `/widget.js` and attachment images are loaded by customers' sites; nothing
 * here rides on cookies. HSTS only over TLS (directly, or behind a proxy with
 * TRUST_PROXY=1): on plain HTTP it would be a lie a browser remembers.
 */
export async function securityHeaders(app: FastifyInstance) {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
