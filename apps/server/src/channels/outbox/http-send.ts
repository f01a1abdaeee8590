import type { Deps } from '../../platform/deps.ts';
import { OutboundError, type OutboundHttp, type OutboundResponse } from '../../platform/outbound-http.ts';
import { DeliveryError } from '../types.ts';

const TIMEOUT_MS = 20_000;

/** 408 and 429 ask us to come back later; any other 4xx is the request's own fault and would fail again. */
export const isPermanentStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * Sends one platform API request through the outbound client. A failure
 * becomes a DeliveryError whose text is ours (a status and at most the
 * platform's numeric error code): agents read it in `deliveryError`, and a
 * remote body there would let whoever answers write into the console. The
 * body goes to the log, with the host only (Telegram's token is in the path).
 */
export async function platformRequest(deps: Deps, url: string, init: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<OutboundResponse> {
  let res: OutboundResponse;
  try {
    const hasBody = init.body !== undefined;
    res = await deps.outbound.request(url, {
      method: init.method ?? 'POST',
      headers: { ...(hasBody && { 'content-type': 'application/json' }), ...init.headers },
      body: hasBody ? JSON.stringify(init.body) : undefined,
      timeoutMs: TIMEOUT_MS,
    });
  } catch (error) {
    throw outboundFailure(error);
  }
  if (res.status >= 200 && res.status < 300) return res;
  const reply = parseMaybeJson(res.text());
  deps.log.warn({ host: new URL(url).host, status: res.status, reply: res.text().slice(0, 500) }, 'a platform API refused an outbound message');
  const code = platformErrorCode(reply);
  throw new DeliveryError(`HTTP_${res.status}: the platform answered ${res.status}${code === undefined ? '' : ` (platform error ${code})`}`, isPermanentStatus(res.status), {
    status: res.status,
    ...(code !== undefined && { code }),
  });
}

/** POSTs JSON to a platform API and returns its parsed reply. */
export async function postJson(deps: Deps, url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await platformRequest(deps, url, { body, headers });
  return parseMaybeJson(res.text());
}

/** Refused addresses fail for good (the configuration must change); the network and timeouts are worth a retry. */
export function outboundFailure(error: unknown): DeliveryError {
  if (!(error instanceof OutboundError)) return new DeliveryError('NETWORK: the request failed', false);
  const permanent = error.kind === 'refused' || error.kind === 'bad_url' || error.kind === 'too_large' || error.kind === 'too_many_redirects';
  return new DeliveryError(`${permanent && error.kind !== 'too_large' ? 'OUTBOUND_REFUSED' : error.kind.toUpperCase()}: ${error.message}`, permanent);
}

/** Telegram's error_code, the Graph API's error.code: numbers only, nothing the remote side can write prose into. */
function platformErrorCode(reply: unknown): number | undefined {
  const r = reply as { error_code?: unknown; error?: { code?: unknown } } | null;
  const code = r?.error_code ?? r?.error?.code;
  return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
}

export function parseMaybeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/**
 * The API base a channel sends to, without a trailing slash. A configured
 * `apiBaseUrl` other than the platform's own receives the channel's tokens,
 * so it is honoured only for hosts the operator listed in OUTBOUND_ALLOW (the
 * stand-ins of tests, a corporate proxy); otherwise the send fails for good.
 */
export function baseUrl(http: OutboundHttp, configured: unknown, official: string): string {
  const base = (typeof configured === 'string' && configured ? configured : official).replace(/\/+$/, '');
  if (base !== official && new URL(official).origin !== originOf(base) && !http.isOperatorAllowed(base)) {
    throw new DeliveryError(`OUTBOUND_REFUSED: apiBaseUrl ${hostOf(base)} is not the platform's API and OUTBOUND_ALLOW does not list it`, true);
  }
  return base;
}

const originOf = (url: string) => (URL.canParse(url) ? new URL(url).origin : url);
const hostOf = (url: string) => (URL.canParse(url) ? new URL(url).host : 'that is not an URL');
