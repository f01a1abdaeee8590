import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VISITOR_SESSION_LIMITS } from '../src/security/visitor-limits.ts';
import { pruneRateCounters } from '../src/security/rate-limit.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { createChannel } from './channels/support/flows.ts';

async function newSession(s: TestServer, channelId: string, token?: string) {
  const res = await fetch(`${s.url}/api/v1/webchat/${channelId}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: '{}',
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string } } };
}

async function setCounter(s: TestServer, key: string, count: number) {
  const windowStart = Math.floor(s.clock.now() / VISITOR_SESSION_LIMITS.windowMs) * VISITOR_SESSION_LIMITS.windowMs;
  await s.container.deps.db
    .insertInto('rate_counters')
    .values({ key, window_start: windowStart, count })
    .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: windowStart, count }))
    .execute();
}

/**
 * SPEC §7 / issue #11 finding 3: web-chat visitor sessions were free and
 * unlimited (on the old tree all of these were 201).
 */
describe('web-chat visitor sessions are rate limited', () => {
  let s: TestServer;
  let channelId: string;
  let otherChannel: string;
  beforeAll(async () => {
    s = await startTestServer();
    channelId = await createChannel(s, 'webchat', {});
    otherChannel = await createChannel(s, 'webchat', {});
  });
  afterAll(() => s.close());

  it('one client address gets 20 sessions a minute, then 429 with Retry-After on every channel, until the window ends', async () => {
    for (let i = 0; i < VISITOR_SESSION_LIMITS.perAddress; i++) expect((await newSession(s, channelId)).status).toBe(201);
    const refused = await newSession(s, channelId);
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe('RATE_LIMITED');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect((await newSession(s, otherChannel)).status).toBe(429);
    s.clock.advance(Number(refused.retryAfter) * 1000);
    expect((await newSession(s, channelId)).status).toBe(201);
  });

  it('the counters are rows every process shares: a channel whose budget another process spent is refused here', async () => {
    s.clock.advance(VISITOR_SESSION_LIMITS.windowMs);
    await setCounter(s, `webchat:channel:${channelId}`, VISITOR_SESSION_LIMITS.perChannel);
    const refused = await newSession(s, channelId);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).not.toBeNull();
    expect((await newSession(s, otherChannel)).status).toBe(201);
  });

  it('the bootstrap admin token is never limited, an agent session is', async () => {
    s.clock.advance(VISITOR_SESSION_LIMITS.windowMs);
    await setCounter(s, 'webchat:ip:127.0.0.1', VISITOR_SESSION_LIMITS.perAddress);
    await setCounter(s, `webchat:channel:${channelId}`, VISITOR_SESSION_LIMITS.perChannel);
    for (let i = 0; i < 5; i++) expect((await newSession(s, channelId, s.adminToken)).status).toBe(201);
    expect((await newSession(s, channelId, 'sbs_not_a_token')).status).toBe(429);
  });

  it('ended windows are pruned, so made-up keys do not grow the counters for ever', async () => {
    const db = s.container.deps.db;
    await db.insertInto('rate_counters').values({ key: 'smtp:from:made-up@example.com', window_start: s.clock.now() - 2 * 3600_000, count: 1 }).execute();
    await setCounter(s, 'webchat:ip:10.9.9.9', 1);
    await pruneRateCounters(s.container.deps);
    const keys = (await db.selectFrom('rate_counters').select('key').execute()).map((r) => r.key);
    expect(keys).not.toContain('smtp:from:made-up@example.com');
    expect(keys).toContain('webchat:ip:10.9.9.9');
  });
});
