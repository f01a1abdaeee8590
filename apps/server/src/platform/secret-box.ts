import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** The SECRET_KEY used when none is set (the embedded demo); production refuses it (config.ts). */
export const DEV_SECRET = 'switchboard-development-key-change-me';

export interface SecretKey {
  id: string;
  secret: string;
}

/**
 * SECRET_KEY is one key (any string of 16+ characters) or a comma-separated
 * list of `id:key` pairs, the first being current: `2026b:…,2026a:…`. A single
 * key gets the id `k0`. Keys are hashed to 32 bytes.
 */
export function parseSecretKeys(value: string): SecretKey[] {
  const parts = value.split(',');
  const pairs = parts.map((p) => /^([A-Za-z0-9_-]{1,32}):(.{16,})$/s.exec(p.trim()));
  if (parts.length > 1 || pairs[0]) {
    if (pairs.some((m) => !m)) throw new Error('SECRET_KEY: with several keys, each must be id:key (key at least 16 characters)');
    return pairs.map((m) => ({ id: m![1]!, secret: m![2]! }));
  }
  return [{ id: 'k0', secret: value }];
}

const V2 = 'v2:';

/**
 * AES-256-GCM for channel credentials at rest. Output: `v2:<keyId>:` +
 * base64(iv | tag | ciphertext), sealed with the current key and bound to its
 * row through additional authenticated data (e.g. `channel:<id>`): a sealed
 * value copied to another channel's row does not open. Values written before
 * key ids (no prefix, no binding) still open with any listed key; `resealAll`
 * (security/reseal.ts) rewrites them.
 */
export class SecretBox {
  private keys: Array<{ id: string; key: Buffer }>;

  constructor(keys: SecretKey[] | string) {
    const list = typeof keys === 'string' ? parseSecretKeys(keys) : keys;
    this.keys = list.map((k) => ({ id: k.id, key: createHash('sha256').update(k.secret).digest() }));
  }

  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  seal(value: unknown, bindTo: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(bindTo, 'utf8'));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return `${V2}${id}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open<T = Record<string, unknown>>(sealed: string | null, boundTo: string): T | null {
    if (!sealed) return null;
    if (!sealed.startsWith(V2)) return this.openLegacy<T>(sealed);
    const rest = sealed.slice(V2.length);
    const id = rest.slice(0, rest.indexOf(':'));
    const key = this.keys.find((k) => k.id === id);
    if (!key) throw new Error(`secret sealed with key "${id}", which SECRET_KEY no longer lists`);
    return decrypt<T>(key.key, Buffer.from(rest.slice(id.length + 1), 'base64'), boundTo);
  }

  /** Sealed with the current key and in today's format? Otherwise reseal it. */
  isCurrent(sealed: string): boolean {
    return sealed.startsWith(`${V2}${this.currentKeyId}:`);
  }

  private openLegacy<T>(sealed: string): T {
    const raw = Buffer.from(sealed, 'base64');
    for (const { key } of this.keys) {
      try {
        return decrypt<T>(key, raw, null);
      } catch {
        // the next key may be the one
      }
    }
    throw new Error('secret sealed before key ids opens with none of the SECRET_KEY keys');
  }
}

function decrypt<T>(key: Buffer, raw: Buffer, aad: string | null): T {
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  if (aad !== null) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as T;
}

/** The additional data a channel's secrets are bound to. */
export const channelBinding = (channelId: string) => `channel:${channelId}`;

/** Config keys that are credentials: stored sealed, never returned by the API. */
export const isSecretKey = (key: string) => /secret|token|password|apikey|accesskey|smtpurl/i.test(key);

export function splitSecrets(config: Record<string, unknown>) {
  const plain: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) (isSecretKey(k) ? secret : plain)[k] = v;
  return { plain, secret };
}
