import { randomBytes, scryptSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_LIMITS } from '../src/security/login.ts';
import { startTestServer, type TestServer } from './harness.ts';

async function login(s: TestServer, email: string, password: string) {
  const res = await fetch(`${s.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

/**
 * Issue #11 findings 13 and 17. On the old tree 100 wrong passwords were all
 * answered 401 and the right one then worked; hashes were scrypt N=2^14 forever.
 */
describe('login: lockout, rate limits and password hashes', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.api('POST', '/agents', { name: 'Lock', email: 'lock@login.example', password: 'right-password' });
  });
  afterAll(() => s.close());

  it('after 10 wrong passwords for an email even the right one gets 429 with Retry-After, until the window ends', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) expect((await login(s, 'lock@login.example', `wrong-${i}`)).status).toBe(401);
    const locked = await login(s, 'LOCK@login.example', 'right-password');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('RATE_LIMITED');
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(LOGIN_LIMITS.windowMs / 1000);
    s.clock.advance(Number(locked.retryAfter) * 1000);
    expect((await login(s, 'lock@login.example', 'right-password')).status).toBe(200);
  });

  it('a client address over its failure budget is refused before any password is hashed', async () => {
    const now = s.clock.now();
    const windowStart = Math.floor(now / LOGIN_LIMITS.windowMs) * LOGIN_LIMITS.windowMs;
    // The budget is 100 failures; spending it through the API would take 100 full hashes.
    await s.container.deps.db
      .insertInto('rate_counters')
      .values({ key: 'login:ip:127.0.0.1', window_start: windowStart, count: LOGIN_LIMITS.perAddress - 1 })
      .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: windowStart, count: LOGIN_LIMITS.perAddress - 1 }))
      .execute();
    expect((await login(s, 'nobody@login.example', 'guess')).status).toBe(401);
    const refused = await login(s, 'lock@login.example', 'right-password');
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).not.toBeNull();
    s.clock.advance(LOGIN_LIMITS.windowMs);
  });

  it('new hashes are scrypt N=2^17; an old N=2^14 hash still logs in and is re-hashed', async () => {
    const stored = await s.container.deps.db.selectFrom('agents').select('password_hash').where('email', '=', 'lock@login.example').executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^scrypt\$131072\$/);
    const salt = randomBytes(16);
    const legacy = `scrypt$16384$${salt.toString('base64')}$${scryptSync('old-password', salt, 32, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    const id = (await s.api('POST', '/agents', { name: 'Legacy', email: 'legacy@login.example' })).body.id;
    await s.container.deps.db.updateTable('agents').set({ password_hash: legacy }).where('id', '=', id).execute();
    expect((await login(s, 'legacy@login.example', 'old-password')).status).toBe(200);
    const after = await s.container.deps.db.selectFrom('agents').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    expect(after.password_hash).toMatch(/^scrypt\$131072\$/);
    expect((await login(s, 'legacy@login.example', 'old-password')).status).toBe(200);
  });
});
