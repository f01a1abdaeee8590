import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueTimers } from '../src/scheduler/due-timers.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * Replay through the real server: random API sequences are recorded by the
 * server as it routes them; POST /simulations with no overrides must then
 * reproduce every routing decision in the history (SPEC §5 What-if).
 */
type Op =
  | { kind: 'agent'; skills: string[]; capacity: number }
  | { kind: 'presence'; agent: number; presence: 'ready' | 'away' | 'offline' }
  | { kind: 'capacity'; agent: number; capacity: number }
  | { kind: 'ask'; channel: number }
  | { kind: 'leave'; pick: number }
  | { kind: 'close'; pick: number }
  | { kind: 'answer'; pick: number; accept: boolean }
  | { kind: 'transfer'; pick: number }
  | { kind: 'dispatch'; k: number }
  | { kind: 'wait'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('agent' as const), skills: fc.subarray(['en', 'ja']), capacity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('presence' as const), agent: fc.nat(), presence: fc.constantFrom('ready' as const, 'ready' as const, 'away' as const, 'offline' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), agent: fc.nat(), capacity: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('ask' as const), channel: fc.nat({ max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('leave' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('close' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('answer' as const), pick: fc.nat(), accept: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dispatch' as const), k: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(0, 1_000, 5_000, 20_000, 31_000) }) },
);

class Driver {
  agents: string[] = [];
  channels: string[] = [];
  open: Array<{ id: string; channel: string; externalId: string }> = [];
  private n = 0;

  constructor(private readonly s: TestServer) {}

  async setup() {
    for (const skills of [['en'], []]) this.channels.push((await this.s.api('POST', '/channels', { type: 'api', name: `api-${skills.length}`, bot: false, skills })).body.id);
  }

  private pick<T>(items: T[], n: number): T | undefined {
    return items.length ? items[n % items.length] : undefined;
  }

  private async withStatus(status: string[]) {
    const list = (await this.s.api('GET', '/conversations?limit=200')).body.items as Array<{ id: string; status: string; offer: { agentId: string } | null; assigneeId: string | null }>;
    return list.filter((c) => status.includes(c.status));
  }

  async run(op: Op) {
    const { api, clock } = this.s;
    switch (op.kind) {
      case 'agent': {
        if (this.agents.length >= 4) return;
        const res = await api('POST', '/agents', { name: `A${this.n}`, email: `a${this.n++}-${clock.now()}@example.com`, skills: op.skills, capacity: op.capacity });
        this.agents.push(res.body.id);
        return;
      }
      case 'presence': {
        const id = this.pick(this.agents, op.agent);
        if (id) await api('PUT', `/agents/${id}/presence`, { presence: op.presence });
        return;
      }
      case 'capacity': {
        const id = this.pick(this.agents, op.agent);
        if (id) await api('PATCH', `/agents/${id}`, { capacity: op.capacity });
        return;
      }
      case 'ask': {
        const channel = this.channels[op.channel];
        const externalId = `c${this.n++}`;
        const res = await api('POST', `/channels/${channel}/inbound`, { contact: { externalId }, text: 'help' });
        this.open.push({ id: res.body.conversationId, channel, externalId });
        return;
      }
      case 'leave': {
        const queued = await this.withStatus(['waiting', 'dispatching']);
        const c = this.pick(queued, op.pick);
        const known = c && this.open.find((o) => o.id === c.id);
        if (known) await api('POST', `/channels/${known.channel}/leave`, { contact: { externalId: known.externalId } });
        return;
      }
      case 'close': {
        const c = this.pick(await this.withStatus(['processing']), op.pick);
        if (c) await api('POST', `/conversations/${c.id}/close`, { agentId: c.assigneeId });
        return;
      }
      case 'answer': {
        const c = this.pick((await this.withStatus(['dispatching'])).filter((x) => x.offer), op.pick);
        if (c) await api('POST', `/conversations/${c.id}/${op.accept ? 'accept' : 'reject'}`, { agentId: c.offer!.agentId });
        return;
      }
      case 'transfer': {
        const c = this.pick(await this.withStatus(['processing']), op.pick);
        if (c) await api('POST', `/conversations/${c.id}/transfer`, { skills: ['ja'], agentId: undefined });
        return;
      }
      case 'dispatch':
        await api('PATCH', '/settings/routing', { dispatchPerAgent: op.k });
        return;
      case 'wait':
        clock.advance(op.ms);
        await runDueTimers(this.s.container.deps);
        return;
    }
  }
}

describe.each(['auto', 'offer'] as const)('replay of recorded API traffic (%s mode)', (mode) => {
  let s: TestServer;
  let driver: Driver;
  beforeAll(async () => {
    s = await startTestServer();
    await s.api('PATCH', '/settings/routing', { mode, offerTimeoutSeconds: 30 });
    driver = new Driver(s);
    await driver.setup();
  });
  afterAll(async () => {
    await s.close();
  });

  it('with no overrides, every recorded routing decision comes out the same', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 25 }), async (ops) => {
        const from = s.clock.now();
        for (const op of ops) await driver.run(op);
        s.clock.advance(1);
        const res = await s.api('POST', '/simulations', { from: new Date(from).toISOString(), to: new Date(s.clock.now()).toISOString() });
        expect(res.status).toBe(200);
        expect(res.body.check.firstDifference).toBeNull();
        expect(res.body.reproduced).toBe(true);
        compared += res.body.check.compared;
      }),
      { numRuns: 12 },
    );
    // The property compared real decisions, not two empty lists.
    expect(compared).toBeGreaterThan(50);
  }, 600_000);

  it('a recording with one input missing no longer reproduces, and says where it parts', async () => {
    const from = s.clock.now();
    const a = driver.agents[0] ?? (await s.api('POST', '/agents', { name: 'T', email: `t-${from}@example.com`, capacity: 2 })).body.id;
    await s.api('PUT', `/agents/${a}/presence`, { presence: 'ready' });
    await driver.run({ kind: 'ask', channel: 1 });
    s.clock.advance(1);
    const period = { from: new Date(from).toISOString(), to: new Date(s.clock.now()).toISOString() };
    expect((await s.api('POST', '/simulations', period)).body.reproduced).toBe(true);
    const db = s.container.deps.db;
    const last = await db.selectFrom('routing_inputs').select(['version', 'seq']).where('kind', '=', 'presence_changed').orderBy('version', 'desc').executeTakeFirstOrThrow();
    await db.deleteFrom('routing_inputs').where('version', '=', last.version).where('seq', '=', last.seq).execute();
    const res = await s.api('POST', '/simulations', period);
    expect(res.body.reproduced).toBe(false);
    expect(res.body.check.firstDifference).not.toBeNull();
  }, 120_000);
});
