import type { HttpResult } from '@switchboard/core';
import { OutboundError, type OutboundHttp } from '../platform/outbound-http.ts';
import type { HttpRequestEffect } from './plan-scope.ts';

/** Responses larger than this are treated as a failed call: a script only needs a few fields. */
const MAX_RESPONSE_BYTES = 1_000_000;

/**
 * Performs a script's http step through the outbound client, so an admin's
 * script cannot reach the host's own services (docs/security.md). Every
 * failure is a result, never a throw: the interpreter routes it to the step's
 * onError. The timeout covers the whole call, redirects and body included.
 */
export async function performHttpRequest(http: OutboundHttp, effect: HttpRequestEffect): Promise<HttpResult> {
  const step = effect.step;
  const hasBody = effect.body !== undefined && effect.method !== 'GET';
  try {
    const res = await http.request(effect.url, {
      method: effect.method,
      headers: { accept: 'application/json', ...(hasBody && { 'content-type': 'application/json' }), ...effect.headers },
      body: hasBody ? JSON.stringify(effect.body) : undefined,
      timeoutMs: effect.timeoutMs,
      maxBytes: MAX_RESPONSE_BYTES,
    });
    if (res.status < 200 || res.status > 299) return { type: 'http_result', step, ok: false, error: 'status', status: res.status };
    const text = res.text();
    return { type: 'http_result', step, ok: true, status: res.status, body: text.trim() === '' ? null : JSON.parse(text) };
  } catch (error) {
    if (error instanceof SyntaxError) return { type: 'http_result', step, ok: false, error: 'invalid_json' };
    if (error instanceof OutboundError && error.kind === 'timeout') return { type: 'http_result', step, ok: false, error: 'timeout' };
    if (error instanceof OutboundError && error.kind === 'too_large') return { type: 'http_result', step, ok: false, error: 'invalid_json' };
    return { type: 'http_result', step, ok: false, error: 'network' };
  }
}
