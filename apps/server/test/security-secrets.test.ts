import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { channelBinding, DEV_SECRET, SecretBox } from '../src/platform/secret-box.ts';
import { resealChannelSecrets } from '../src/security/reseal.ts';
import { startTestServer, type TestServer } from './harness.ts';

const HARNESS_KEY = 'test-secret-key-0123456789';

/** The format before key ids (issue #11 finding 12): base64(iv | tag | ciphertext), no binding. */
function legacySeal(secret: string, value: unknown) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(secret).digest(), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

// Finding 5 + 12: on the old tree NODE_ENV=production started with the constant key and the demo workspace.
describe('production mode refuses what is only safe on a laptop', () => {
  const token = { SWITCHBOARD_ADMIN_TOKEN: 'a-real-admin-token' };
  it('refuses no SECRET_KEY, the development key and the demo workspace', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...token })).toThrow(/SECRET_KEY/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: DEV_SECRET, ...token })).toThrow(/development key/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: `new:${'x'.repeat(20)},dev:${DEV_SECRET}`, ...token })).toThrow(/development key/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'a-long-enough-secret' })).toThrow(/demo/);
    expect(() => loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'a-long-enough-secret', SWITCHBOARD_DEMO: '1', ...token })).toThrow(/demo/);
    expect(loadConfig({ NODE_ENV: 'production', SECRET_KEY: 'a-long-enough-secret', ...token })).toMatchObject({ production: true, demo: false });
    expect(loadConfig({}).demo).toBe(true);
  });
  it('refuses a key list it cannot read', () => {
    expect(() => loadConfig({ SECRET_KEY: 'k2:short,k1:also-short-but-long-enough' })).toThrow(/id:key/);
  });
});

describe('SECRET_KEY ids, rotation and binding', () => {
  it('the first key seals; older listed keys still open; a sealed value opens only for its own row', () => {
    const old = new SecretBox('k1:first-key-0123456789');
    const sealed = old.seal({ token: 't' }, channelBinding('ch_a'));
    expect(sealed.startsWith('v2:k1:')).toBe(true);
    const rotated = new SecretBox('k2:second-key-0123456789,k1:first-key-0123456789');
    expect(rotated.open(sealed, channelBinding('ch_a'))).toEqual({ token: 't' });
    expect(() => rotated.open(sealed, channelBinding('ch_b'))).toThrow();
    expect(rotated.seal({ token: 't' }, channelBinding('ch_a')).startsWith('v2:k2:')).toBe(true);
    expect(() => new SecretBox('k2:second-key-0123456789').open(sealed, channelBinding('ch_a'))).toThrow(/no longer lists/);
  });

  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('re-sealing at start moves old-key and pre-key-id secrets to the current key, and they still open', async () => {
    const a = (await s.api('POST', '/channels', { type: 'telegram', name: 'A', config: { botToken: 'token-a' } })).body.id;
    const b = (await s.api('POST', '/channels', { type: 'telegram', name: 'B' })).body.id;
    await s.container.deps.db
      .updateTable('channels')
      .set({ secrets: legacySeal(HARNESS_KEY, { botToken: 'token-b' }) })
      .where('id', '=', b)
      .execute();
    const deps = s.container.deps;
    deps.secrets = new SecretBox(`k9:the-next-key-0123456789,k0:${HARNESS_KEY}`);
    expect(await resealChannelSecrets(deps)).toBe(2);
    expect(await resealChannelSecrets(deps)).toBe(0);
    const rows = await deps.db.selectFrom('channels').select(['id', 'secrets']).where('id', 'in', [a, b]).execute();
    const only = new SecretBox('k9:the-next-key-0123456789');
    for (const row of rows) {
      expect(row.secrets!.startsWith('v2:k9:')).toBe(true);
      expect(only.open(row.secrets, channelBinding(row.id))).toEqual({ botToken: row.id === a ? 'token-a' : 'token-b' });
    }
  });
});
