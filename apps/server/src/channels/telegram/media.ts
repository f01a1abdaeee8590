import { baseUrl } from '../outbox/http-send.ts';
import { fetchBytes, fetchJson } from '../media/fetch-bytes.ts';
import type { MediaSource } from '../media/media-types.ts';
import { DeliveryError } from '../types.ts';
import { TELEGRAM_API } from './send.ts';

/** The Bot API lets a bot download files of at most 20 MB. */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;
const KINDS = new Set(['image', 'sticker', 'file', 'audio', 'video']);

/** `getFile` turns a file_id into a file_path valid for an hour; `/file/bot<token>/<file_path>` serves it. */
export const telegramMedia: MediaSource = {
  fetchable: (a) => KINDS.has(a.type) && typeof a.platformId === 'string',
  async fetch(a, ctx) {
    if (typeof a.size === 'number' && a.size > TELEGRAM_DOWNLOAD_LIMIT) throw new DeliveryError('TOO_LARGE: Telegram lets bots download files of at most 20 MB', true);
    const base = baseUrl(ctx.deps.outbound, ctx.config.apiBaseUrl, TELEGRAM_API);
    const token = ctx.secrets.botToken ?? '';
    const info = await fetchJson(ctx.deps, `${base}/bot${token}/getFile?file_id=${encodeURIComponent(String(a.platformId))}`);
    const path = info?.result?.file_path;
    if (info?.ok !== true || typeof path !== 'string') throw new DeliveryError('NOT_FOUND: getFile gave no file_path', true);
    const got = await fetchBytes(ctx.deps, `${base}/file/bot${token}/${path.split('/').map(encodeURIComponent).join('/')}`, Math.min(ctx.maxBytes, TELEGRAM_DOWNLOAD_LIMIT));
    return { ...got, name: got.name ?? path.split('/').at(-1) };
  },
};
