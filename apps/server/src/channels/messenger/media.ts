import { fetchBytes } from '../media/fetch-bytes.ts';
import type { MediaSource } from '../media/media-types.ts';

const KINDS = new Set(['image', 'sticker', 'file', 'audio', 'video']);

/**
 * Messenger and Instagram attachments come as CDN URLs that expire (hours to
 * days): fetched right after the message is stored, no token needed.
 */
export const metaUrlMedia: MediaSource = {
  fetchable: (a) => KINDS.has(a.type) && typeof a.url === 'string' && /^https?:\/\//.test(a.url),
  fetch: (a, ctx) => fetchBytes(ctx.deps, String(a.url), ctx.maxBytes),
};
