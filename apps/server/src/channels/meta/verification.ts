import { hmacSha256, headerValue, invalidSignature, requireSecret, safeEqual } from '../webhooks/signatures.ts';
import type { Secrets, WebhookContext } from '../types.ts';

export const GRAPH_API = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = '21.0';

/** Meta's subscription handshake: echo hub.challenge only to someone who knows our verify token. */
export function metaChallenge(query: Record<string, string | undefined>, secrets: Secrets): string | undefined {
  const token = secrets.verifyToken;
  if (!token || query['hub.mode'] !== 'subscribe' || !query['hub.verify_token']) return undefined;
  return safeEqual(query['hub.verify_token'], token) ? query['hub.challenge'] : undefined;
}

/** X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body keyed with the app secret>. */
export function verifyMetaSignature(ctx: WebhookContext): void {
  const secret = requireSecret(ctx.secrets.appSecret, 'appSecret');
  const given = headerValue(ctx.headers['x-hub-signature-256']);
  if (!given || !safeEqual(given, `sha256=${hmacSha256(secret, ctx.raw, 'hex')}`)) {
    throw invalidSignature('X-Hub-Signature-256 does not match the body');
  }
}

/** "v21.0" and "21.0" both mean Graph API version 21.0. */
export const graphVersion = (v: unknown) => `v${String(typeof v === 'string' || typeof v === 'number' ? v : DEFAULT_GRAPH_VERSION).replace(/^v/, '')}`;
