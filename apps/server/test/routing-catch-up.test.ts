import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSource } from '../src/routing/routing-service.ts';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/**
 * Two server processes on one PostgreSQL route one workspace in turns; when
 * one has routed, the other's cached engine catches up from the input log
 * (routing/catch-up.ts, decision 0038) instead of reading the tables afresh.
 * With ROUTING_VERIFY_CATCH_UP every catch-up is also checked against an
 * engine built from the tables: random sequences of what people do (hand-offs,
 * presence, offers answered, transfers, closes, settings and capacity changed),
 * each through either process, must never find the two apart.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('a cached engine catches up from the input log', () => {
  let url: string;
  let servers: TestServer[];
  const sources: Record<EngineSource, number> = { cached: 0, caught_up: 0, rebuilt: 0, catch_up_differed: 0 };

  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    const env = { ROUTING_VERIFY_CATCH_UP: '1' };
    const first = await startTestServer({ databaseUrl: url, env });
    servers = [first, await startTestServer({ databaseUrl: url, env, adminToken: first.adminToken })];
    for (const s of servers) s.container.deps.routing.engineObservers.push((source) => sources[source]++);
  });
  afterAll(async () => {
    for (const s of servers ?? []) await s.close();
    if (url) await dropDatabase(url);
  });

  type Step =
    | { kind: 'arrive'; via: number; skill: number }
    | { kind: 'presence'; via: number; agent: number; presence: 'ready' | 'away' | 'offline' }
    | { kind: 'answer'; via: number; pick: number; accept: boolean }
    | { kind: 'close'; via: number; pick: number }
    | { kind: 'transfer'; via: number; pick: number; agent: number }
    | { kind: 'settings'; via: number; mode: 'auto' | 'offer'; dispatchPerAgent: number }
    | { kind: 'capacity'; via: number; agent: number; capacity: number };
  const via = fc.integer({ min: 0, max: 1 });
  const agentIx = fc.integer({ min: 0, max: 3 });
  const pick = fc.nat(20);
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('arrive' as const), via, skill: fc.integer({ min: 0, max: 2 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('presence' as const), via, agent: agentIx, presence: fc.constantFrom('ready' as const, 'away' as const, 'offline' as const) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('answer' as const), via, pick, accept: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('close' as const), via, pick }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), via, pick, agent: agentIx }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('settings' as const), via, mode: fc.constantFrom('auto' as const, 'offer' as const), dispatchPerAgent: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), via, agent: agentIx, capacity: fc.integer({ min: 1, max: 3 }) }) },
  );

  it('agrees with the tables after every turn of the other process', { timeout: 240_000 }, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 30 }), async (steps) => {
        run++;
        // Each run its own workspace's worth of channel and agents (the admin workspace is shared).
        const [a] = servers;
        const needs = [[], ['billing'], ['returns']];
        const channels: string[] = [];
        for (const [i, skills] of needs.entries()) channels.push((await a!.api('POST', '/channels', { type: 'api', name: `catch-up-${run}-${i}`, bot: false, skills })).body.id);
        const held = [[], ['billing'], ['returns'], ['billing', 'returns']];
        const agents: string[] = [];
        for (let i = 0; i < 4; i++) {
          const res = await servers[i % 2]!.api('POST', '/agents', { name: `Agent ${run}.${i}`, email: `a${run}-${i}@catch-up.test`, capacity: 2, skills: held[i] });
          agents.push(res.body.id);
          await servers[(i + 1) % 2]!.api('PUT', `/agents/${res.body.id}/presence`, { presence: 'ready' });
        }
        let customer = 0;
        for (const s of steps) {
          const api = servers[s.via]!.api;
          const open = async (status: string) => ((await api('GET', `/conversations?status=${status}&limit=500`)).body.items as any[]).filter((c) => channels.includes(c.channelId));
          if (s.kind === 'arrive') {
            const res = await api('POST', `/channels/${channels[s.skill]}/inbound`, { contact: { externalId: `c${run}-${customer++}` }, text: 'help' });
            expect(res.status).toBe(201);
          } else if (s.kind === 'presence') {
            expect((await api('PUT', `/agents/${agents[s.agent]}/presence`, { presence: s.presence })).status).toBe(200);
          } else if (s.kind === 'answer') {
            const offered = (await open('dispatching')).filter((c) => c.offer);
            const c = offered[s.pick % Math.max(1, offered.length)];
            if (c) await api('POST', `/conversations/${c.id}/${s.accept ? 'accept' : 'reject'}`, { agentId: c.offer.agentId });
          } else if (s.kind === 'close') {
            const served = await open('processing');
            const c = served[s.pick % Math.max(1, served.length)];
            if (c) expect((await api('POST', `/conversations/${c.id}/close`, { agentId: c.assigneeId })).status).toBe(200);
          } else if (s.kind === 'transfer') {
            const served = await open('processing');
            const c = served[s.pick % Math.max(1, served.length)];
            if (c) await api('POST', `/conversations/${c.id}/transfer`, { agentId: agents[s.agent] });
          } else if (s.kind === 'settings') {
            expect((await api('PATCH', '/settings/routing', { mode: s.mode, dispatchPerAgent: s.dispatchPerAgent })).status).toBe(200);
          } else {
            expect((await api('PATCH', `/agents/${agents[s.agent]}`, { capacity: s.capacity })).status).toBe(200);
          }
        }
        // A last turn on each, so each catches up on the other's last steps.
        for (const s of servers) await s.api('PUT', `/agents/${agents[0]}/presence`, { presence: 'offline' });
        expect(sources.catch_up_differed).toBe(0);
      }),
      { numRuns: 15 },
    );
    // The test would pass vacuously if the processes never took turns, or always rebuilt.
    expect(sources.caught_up).toBeGreaterThan(50);
    expect(sources.catch_up_differed).toBe(0);
  });

  it('finds a difference the input log does not explain, and routes from the tables then', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const agent = (await a.api('POST', '/agents', { name: 'Tampered', email: 'tampered@catch-up.test', capacity: 2 })).body.id as string;
    await a.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    await b.api('PUT', `/agents/${agent}/presence`, { presence: 'away' });
    // Behind the engine's back: no routing event says so, so a caught-up engine still has capacity 2.
    await sql`UPDATE agents SET capacity = 5 WHERE id = ${agent}`.execute(a.container.deps.db);
    const caughtUp = sources.caught_up;
    await a.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    expect(sources.catch_up_differed).toBe(1);
    expect(sources.caught_up).toBe(caughtUp);
    expect((await a.api('GET', '/routing')).body.agents.find((x: { id: string }) => x.id === agent)).toMatchObject({ capacity: 5 });
  });
});
