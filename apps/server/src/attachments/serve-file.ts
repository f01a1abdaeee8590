import type { FastifyReply } from 'fastify';
import type { AttachmentRow } from './attachment-store.ts';

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name (Chinese and Japanese file names survive). */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * The bytes with headers that keep them inert: only recognised images are
 * shown inline, everything else downloads; the browser must not guess a type
 * (nosniff) and a file opened directly runs nothing (CSP sandbox). Caching is
 * private and lasts no longer than the link.
 */
export function sendFile(reply: FastifyReply, row: AttachmentRow, bytes: Buffer, maxAgeSeconds: number) {
  return (
    reply
      .header('content-type', row.content_type)
      .header('content-length', String(bytes.length))
      .header('content-disposition', disposition(INLINE.has(row.content_type) ? 'inline' : 'attachment', row.name))
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', `private, max-age=${Math.max(0, maxAgeSeconds)}`)
      // The widget shows a customer's pictures on the customer's own site: the signature, not the origin, is the guard.
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(bytes)
  );
}
