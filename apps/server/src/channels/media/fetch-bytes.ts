import type { Deps } from '../../platform/deps.ts';
import { isPermanentStatus, outboundFailure } from '../outbox/http-send.ts';
import { DeliveryError } from '../types.ts';
import type { FetchedMedia } from './media-types.ts';

const TIMEOUT_MS = 60_000;

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** "attachment; filename="a.pdf"" → a.pdf (the plain form only; the name is cleaned again when stored). */
const filenameOf = (disposition: string | undefined) => disposition?.match(/filename="?([^";]+)"?/i)?.[1];

/**
 * GETs media bytes through the outbound client (address checks, redirects
 * without credentials), refusing more than `maxBytes` while reading. A 4xx or
 * a file too large fails for good; the network, 5xx, 408 and 429 are retried.
 */
export async function fetchBytes(deps: Deps, url: string, maxBytes: number, headers: Record<string, string> = {}): Promise<FetchedMedia> {
  let res;
  try {
    res = await deps.outbound.request(url, { method: 'GET', headers, maxBytes, timeoutMs: TIMEOUT_MS });
  } catch (error) {
    throw outboundFailure(error);
  }
  if (res.status < 200 || res.status >= 300) throw new DeliveryError(`HTTP_${res.status}: the platform answered ${res.status} for the media`, isPermanentStatus(res.status), { status: res.status });
  return { bytes: res.body, contentType: header(res.headers['content-type'])?.split(';')[0]?.trim(), name: filenameOf(header(res.headers['content-disposition'])) };
}

/** GETs a small JSON answer (Telegram getFile, the WhatsApp media URL lookup). */
export async function fetchJson(deps: Deps, url: string, headers: Record<string, string> = {}): Promise<any> {
  const { bytes } = await fetchBytes(deps, url, 100_000, headers);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new DeliveryError('BAD_REPLY: the platform answered something that is not JSON', false);
  }
}
