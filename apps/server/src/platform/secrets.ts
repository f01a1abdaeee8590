import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
/**
 * OWASP's scrypt floor (N=2^17, r=8, p=1): 128 MiB per hash, so maxmem is
 * raised above Node's 32 MiB default. Older hashes (N=2^14) still verify and
 * are re-hashed at the next login (security/login.ts).
 */
export const SCRYPT = { N: 131072, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };

/** Tokens are kept only as SHA-256: a database leak does not hand out sessions. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const newToken = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** A hash of an unknown random password at today's cost: logins for unknown emails verify against it, so they take as long as known ones. */
export const DUMMY_PASSWORD_HASH = 'scrypt$131072$odbn+sSv9Vku/VU65Q3mgA==$OQIv8Tyh+iXuIjxt31fiGDNFCRV7DKeY6qbCt0+UPvA=';

const costOf = (stored: string) => Number(stored.split('$')[1]);
export const needsRehash = (stored: string | null) => !stored || costOf(stored) < SCRYPT.N;

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const [kind, n, salt, hash] = (stored ?? '').split('$');
  const cost = Number(n);
  // A cost we would not produce (tampered row) is refused rather than computed: N is memory and time.
  if (kind !== 'scrypt' || !salt || !hash || !Number.isInteger(cost) || cost < 2 || cost > SCRYPT.N) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { ...SCRYPT, N: cost });
  return timingSafeEqual(actual, expected);
}
