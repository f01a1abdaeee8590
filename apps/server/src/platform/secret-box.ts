import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for channel credentials at rest. The key comes from SECRET_KEY
 * (any string; hashed to 32 bytes). Output: base64(iv | tag | ciphertext).
 */
export class SecretBox {
  private key: Buffer;

  constructor(secret: string) {
    this.key = createHash('sha256').update(secret).digest();
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open<T = Record<string, unknown>>(sealed: string | null): T | null {
    if (!sealed) return null;
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as T;
  }
}

/** Config keys that are credentials: stored sealed, never returned by the API. */
export const isSecretKey = (key: string) => /secret|token|password|apikey|accesskey|smtpurl/i.test(key);

export function splitSecrets(config: Record<string, unknown>) {
  const plain: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) (isSecretKey(k) ? secret : plain)[k] = v;
  return { plain, secret };
}
