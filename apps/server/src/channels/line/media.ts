import { baseUrl } from '../outbox/http-send.ts';
import { fetchBytes } from '../media/fetch-bytes.ts';
import type { MediaSource } from '../media/media-types.ts';

/** Content is served from the data API host, not api.line.me. */
export const LINE_DATA_API = 'https://api-data.line.me';
const KINDS = new Set(['image', 'video', 'audio', 'file']);

/**
 * Images, video, audio and files sent to the bot (contentProvider "line"):
 * `GET /v2/bot/message/{messageId}/content`. LINE keeps them for a limited
 * time only, so they are fetched as soon as the message is stored. Content
 * from an external provider already has its own URL.
 */
export const lineMedia: MediaSource = {
  fetchable: (a) => KINDS.has(a.type) && typeof a.platformId === 'string' && !a.url,
  async fetch(a, ctx) {
    const base = baseUrl(ctx.deps.outbound, ctx.config.dataApiBaseUrl, LINE_DATA_API);
    const authorization = `Bearer ${ctx.secrets.channelAccessToken ?? ctx.secrets.accessToken ?? ''}`;
    return fetchBytes(ctx.deps, `${base}/v2/bot/message/${encodeURIComponent(String(a.platformId))}/content`, ctx.maxBytes, { authorization });
  },
};
