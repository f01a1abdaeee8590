import type { FastifyInstance } from 'fastify';
import type { AttachmentStore } from './attachment-store.ts';

/**
 * Uploads are the file itself as the request body (`Content-Type` its type,
 * `?name=` its name): no multipart parser, nothing buffered twice. In this
 * plugin only, every content type is read as bytes, up to the size limit;
 * a declared Content-Length past it is refused before a byte is read, with
 * the limit in the message.
 */
export function acceptRawFiles(app: FastifyInstance, store: AttachmentStore) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: store.limits.maxBytes + 1 }, (_req, body, done) => done(null, body));
  app.addHook('onRequest', async (req) => {
    if (req.method !== 'POST') return;
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > 0) store.checkSize(length);
  });
}

/** The uploaded bytes (Fastify leaves the body undefined when none was sent). */
export const uploadedBytes = (body: unknown): Buffer => (Buffer.isBuffer(body) ? body : Buffer.alloc(0));
