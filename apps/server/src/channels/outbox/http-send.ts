import { DeliveryError } from '../types.ts';

const TIMEOUT_MS = 20_000;

/** 408 and 429 ask us to come back later; any other 4xx is the request's own fault and would fail again. */
export const isPermanentStatus = (status: number) => status >= 400 && status < 500 && status !== 408 && status !== 429;

/**
 * POSTs JSON to a platform API and returns its parsed reply. Failures become
 * DeliveryError carrying the platform's answer, so the outbox row records it.
 */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new DeliveryError(`request failed: ${(error as Error).message}`, false);
  }
  const text = await res.text();
  const reply = parseMaybeJson(text);
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}: ${text.slice(0, 500)}`, isPermanentStatus(res.status), reply);
  return reply;
}

function parseMaybeJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** Strips a trailing slash so `${base}/path` never doubles it. */
export const baseUrl = (configured: unknown, fallback: string) => (typeof configured === 'string' && configured ? configured : fallback).replace(/\/+$/, '');
