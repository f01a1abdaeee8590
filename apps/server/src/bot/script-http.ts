import type { HttpResult } from '@switchboard/core';
import type { HttpRequestEffect } from './plan-scope.ts';

/** Responses larger than this are treated as a failed call: a script only needs a few fields. */
const MAX_RESPONSE_BYTES = 1_000_000;

/**
 * Performs a script's http step. Every failure is a result, never a throw:
 * the interpreter routes it to the step's onError. The timeout covers the
 * whole call, body included (AbortSignal.timeout).
 */
export async function performHttpRequest(effect: HttpRequestEffect): Promise<HttpResult> {
  const step = effect.step;
  const hasBody = effect.body !== undefined && effect.method !== 'GET';
  try {
    const res = await fetch(effect.url, {
      method: effect.method,
      headers: { accept: 'application/json', ...(hasBody && { 'content-type': 'application/json' }), ...effect.headers },
      body: hasBody ? JSON.stringify(effect.body) : undefined,
      signal: AbortSignal.timeout(effect.timeoutMs),
      redirect: 'follow',
    });
    const text = await res.text();
    if (!res.ok) return { type: 'http_result', step, ok: false, error: 'status', status: res.status };
    if (text.length > MAX_RESPONSE_BYTES) return { type: 'http_result', step, ok: false, error: 'invalid_json', status: res.status };
    return { type: 'http_result', step, ok: true, status: res.status, body: text.trim() === '' ? null : JSON.parse(text) };
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') return { type: 'http_result', step, ok: false, error: 'timeout' };
    if (error instanceof SyntaxError) return { type: 'http_result', step, ok: false, error: 'invalid_json' };
    return { type: 'http_result', step, ok: false, error: 'network' };
  }
}
