import { GRAPH_API, graphVersion } from '../meta/verification.ts';
import { baseUrl } from '../outbox/http-send.ts';
import { fetchBytes, fetchJson } from '../media/fetch-bytes.ts';
import type { MediaSource } from '../media/media-types.ts';
import { DeliveryError } from '../types.ts';

const KINDS = new Set(['image', 'sticker', 'file', 'audio', 'video']);

/**
 * Cloud API media: `GET /<version>/<media id>` (with the access token) gives
 * a short-lived `url`, which is fetched with the same token (the URL alone
 * answers 401). Media ids stay valid for 30 days.
 */
export const whatsappMedia: MediaSource = {
  fetchable: (a) => KINDS.has(a.type) && typeof a.platformId === 'string',
  async fetch(a, ctx) {
    const authorization = `Bearer ${ctx.secrets.accessToken ?? ''}`;
    const base = `${baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, GRAPH_API)}/${graphVersion(ctx.config.version)}`;
    const info = await fetchJson(ctx.deps, `${base}/${encodeURIComponent(String(a.platformId))}`, { authorization });
    if (typeof info?.url !== 'string') throw new DeliveryError('NOT_FOUND: the media id gave no url', true);
    if (typeof info.file_size === 'number' && info.file_size > ctx.maxBytes) throw new DeliveryError(`TOO_LARGE: the file is ${info.file_size} bytes, more than ${ctx.maxBytes}`, true);
    const got = await fetchBytes(ctx.deps, info.url, ctx.maxBytes, { authorization });
    return { ...got, contentType: (typeof info.mime_type === 'string' ? info.mime_type : undefined) ?? got.contentType };
  },
};
