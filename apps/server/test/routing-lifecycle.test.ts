import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@switchboard/core';
import { runDueTimers } from '../src/scheduler/due-timers.ts';
import { freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

async function setup(s: TestServer) {
  const channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id as string;
  const agent = async (name: string, presence = 'ready', capacity = 5) => {
    const id = (await s.api('POST', '/agents', { name, email: `${name}@example.com`, capacity })).body.id as string;
    await s.api('PUT', `/agents/${id}/presence`, { presence });
    return id;
  };
  const ask = async (externalId: string) =>
    (await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text: 'help' })).body.conversationId as string;
  const get = async (id: string) => (await s.api('GET', `/conversations/${id}`)).body;
  return { channelId, agent, ask, get };
}

describe('routing lifecycle', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup) await c();
  });

  it('an offer pending at shutdown still expires on time after a restart (the deadline is stored)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sb-offer-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const databaseUrl = await freshPostgresDatabase();
    const where = databaseUrl ? { databaseUrl } : { dataDir };
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 10));
    const first = await startTestServer({ ...where, clock, adminToken: 'offer-restart-token' });
    const { agent, ask, get } = await setup(first);
    await first.api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 30 });
    const a = await agent('a');
    const conv = await ask('c1');
    expect((await get(conv)).offer).toEqual({ agentId: a, expiresAt: new Date(clock.now() + 30_000).toISOString() });
    await first.close();

    clock.advance(31_000);
    const second = await startTestServer({ ...where, clock, adminToken: 'offer-restart-token' });
    cleanup.push(() => second.close());
    await runDueTimers(second.container.deps);
    const after = (await second.api('GET', `/conversations/${conv}`)).body;
    expect(after.offer).toBeNull();
    expect(after.status).toBe('waiting');
    const agents = (await second.api('GET', '/agents')).body.items;
    expect(agents[0]).toMatchObject({ id: a, presence: 'away', presenceReason: 'missed' });
  });

  it('a customer who leaves the queue is completed as abandoned and counted in the live numbers', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { channelId, ask, get, agent } = await setup(s);
    const conv = await ask('leaver');
    expect((await get(conv)).status).toBe('waiting');
    const left = await s.api('POST', `/channels/${channelId}/leave`, { contact: { externalId: 'leaver' } });
    expect(left.body).toEqual({ conversationId: conv, status: 'completed', abandoned: true });
    expect(await get(conv)).toMatchObject({ status: 'completed', closeReason: 'abandoned' });

    const a = await agent('served');
    const served = await ask('stayer');
    s.clock.advance(45_000);
    await s.api('POST', `/conversations/${served}/close`, { agentId: a });
    const notQueued = await s.api('POST', `/channels/${channelId}/leave`, { contact: { externalId: 'stayer' } });
    expect(notQueued.body.abandoned).toBe(false);

    const stats = (await s.api('GET', '/stats/live')).body;
    expect(stats).toMatchObject({ windowMinutes: 60, handled: 1, abandoned: 1, answered: 1, averageWaitSeconds: 0, answeredWithin60sShare: 1 });
  });

  it('live numbers: average and 90th-percentile wait from handoff to first assignment', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { ask, agent } = await setup(s);
    const waits = [10, 20, 30, 40, 100];
    const convs: string[] = [];
    for (let i = 0; i < waits.length; i++) convs.push(await ask(`w${i}`));
    let elapsed = 0;
    for (let i = 0; i < waits.length; i++) {
      s.clock.advance((waits[i]! - elapsed) * 1000);
      elapsed = waits[i]!;
      await agent(`agent${i}`, 'ready', 1);
    }
    const stats = (await s.api('GET', '/stats/live')).body;
    expect(stats.answered).toBe(5);
    expect(stats.averageWaitSeconds).toBe(40);
    expect(stats.p90WaitSeconds).toBeCloseTo(76, 0);
    expect(stats.answeredWithin60sShare).toBeCloseTo(0.8);
    expect((await s.api('GET', '/stats/live', undefined, null)).status).toBe(401);
  });

  it('offline policy requeue: an agent going offline puts its conversations back with their keys', async () => {
    const s = await startTestServer();
    cleanup.push(() => s.close());
    const { ask, agent, get } = await setup(s);
    await s.api('PATCH', '/settings/routing', { offlinePolicy: 'requeue' });
    const a = await agent('leaving');
    const c1 = await ask('k1');
    s.clock.advance(5_000);
    const c2 = await ask('k2');
    expect((await get(c1)).assigneeId).toBe(a);
    await s.api('PUT', `/agents/${a}/presence`, { presence: 'offline' });
    expect((await get(c1)).status).toBe('waiting');
    const list = (await s.api('GET', '/conversations?status=waiting')).body.items.map((c: any) => c.id);
    expect(list).toEqual([c1, c2]);
  });
});
