import { DomainError } from '@switchboard/core';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison: a signature check must not leak how many leading bytes matched. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const hmacSha256 = (key: string, raw: Buffer, encoding: 'hex' | 'base64') => createHmac('sha256', key).update(raw).digest(encoding);

export const invalidSignature = (message: string) => new DomainError('INVALID_SIGNATURE', message);

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A missing credential is the operator's mistake, but the request still cannot be trusted: 401, never 5xx. */
export function requireSecret(secret: string | undefined, name: string): string {
  if (!secret) throw invalidSignature(`this channel has no ${name} configured, so no request can be verified`);
  return secret;
}
