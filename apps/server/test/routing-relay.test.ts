import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/**
 * One process routes each workspace for the others (routing/routing-relay.ts,
 * decision 0039): two servers on one PostgreSQL and one Redis; hand-offs and
 * closes made through B are routed by A, which routed there first, in A's
 * routing transactions, and B answers what A did. When A is gone the way a
 * killed process is (its Redis connections drop, its lease stays), B notices
 * at the first request and routes the workspace itself.
 */
const redisUrl = process.env.TEST_REDIS_URL;

describe.runIf(process.env.TEST_DATABASE_URL && redisUrl)('one process routes a workspace for the others', () => {
  let url: string;
  let a: TestServer;
  let b: TestServer;
  let channelId: string;
  const transactions = { a: 0, b: 0 };

  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    const redisPrefix = `sbtest:${randomBytes(6).toString('hex')}:`;
    a = await startTestServer({ databaseUrl: url, redisUrl, redisPrefix });
    b = await startTestServer({ databaseUrl: url, redisUrl, redisPrefix, adminToken: a.adminToken });
    a.container.deps.routing.lockObservers.push(() => transactions.a++);
    b.container.deps.routing.lockObservers.push(() => transactions.b++);
    channelId = (await a.api('POST', '/channels', { type: 'api', name: 'Relay', bot: false })).body.id;
    for (let i = 0; i < 3; i++) {
      const agent = (await a.api('POST', '/agents', { name: `Agent ${i}`, email: `relay${i}@example.com`, capacity: 4 })).body.id;
      await a.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    }
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (url) await dropDatabase(url);
  });

  const inbound = (s: TestServer, i: number) => s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `relay-${i}` }, text: 'help' });

  it("routes hand-offs and closes made through B in A's transactions, and B answers what A did", async () => {
    // A routes first: it holds the workspace's lease.
    expect((await inbound(a, 0)).body.status).toBe('processing');
    const before = { ...transactions };
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => inbound(b, i + 1)));
    for (const r of answers) expect([r.status, r.body.status]).toEqual([201, 'processing']);
    expect(transactions.b).toBe(before.b);
    expect(transactions.a).toBeGreaterThan(before.a);
    const served = (await b.api('GET', '/conversations?status=processing&limit=50')).body.items as Array<{ id: string; assigneeId: string }>;
    expect(served).toHaveLength(9);
    const closed = await Promise.all(served.slice(0, 4).map((c) => b.api('POST', `/conversations/${c.id}/close`, { agentId: c.assigneeId })));
    for (const r of closed) expect([r.status, r.body.status]).toEqual([200, 'completed']);
    expect(transactions.b).toBe(before.b);
    expect(b.container.deps.routing.batches.relayFigures()).toMatchObject({ forwarded: 12, ownerGone: 0, noAnswer: 0, failed: 0, owned: 0 });
    expect(a.container.deps.routing.batches.relayFigures()).toMatchObject({ servedForOthers: 12, owned: 1 });
    // A close A's batch does not take answers B's own unit's error, as one process would.
    const again = await b.api('POST', `/conversations/${served[0]!.id}/close`, { agentId: served[0]!.assigneeId });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('INVALID_TRANSITION');
    expect(transactions.b).toBe(before.b + 1);
  });

  it('routes the workspace itself once the owner is gone, at the first request', async () => {
    a.container.relay!.abandon();
    const before = transactions.b;
    const r = await inbound(b, 100);
    expect([r.status, r.body.status]).toEqual([201, 'processing']);
    expect(transactions.b).toBeGreaterThan(before);
    // Not by waiting out the 5 s a silent owner is given: PUBLISH said nobody listens, and B took the lease.
    expect(b.container.deps.routing.batches.relayFigures()).toMatchObject({ ownerGone: 1, noAnswer: 0, owned: 1 });
  });
});
