import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueTimers } from '../src/scheduler/due-timers.ts';
import { runSimulationJobs } from '../src/simulations/simulations.ts';
import { DAY_MS, SETTLE_MS, compactReplayDay } from '../src/simulations/replay-days.ts';
import { connectStream, startTestServer, type TestServer } from './harness.ts';

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
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('presence' as const),
      agent: fc.nat(),
      presence: fc.constantFrom('ready' as const, 'ready' as const, 'away' as const, 'offline' as const),
    }),
  },
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

  async setup(readyAgents = 0) {
    for (const skills of [['en'], []])
      this.channels.push((await this.s.api('POST', '/channels', { type: 'api', name: `api-${skills.length}`, bot: false, skills })).body.id);
    // Ready agents from the start, so every run's hand-offs meet someone (the random ops may add, change or
    // take away more): the property compares decisions in each run, whatever fast-check's seed draws.
    for (let i = 0; i < readyAgents; i++) {
      const res = await this.s.api('POST', '/agents', { name: `Ready ${i}`, email: `ready${i}@example.com`, skills: ['en'], capacity: 2 });
      expect(res.status).toBe(201);
      this.agents.push(res.body.id);
      expect((await this.s.api('PUT', `/agents/${res.body.id}/presence`, { presence: 'ready' })).status).toBe(200);
    }
  }

  private pick<T>(items: T[], n: number): T | undefined {
    return items.length ? items[n % items.length] : undefined;
  }

  private async withStatus(status: string[]) {
    const list = (await this.s.api('GET', '/conversations?limit=200')).body.items as Array<{
      id: string;
      status: string;
      offer: { agentId: string } | null;
      assigneeId: string | null;
    }>;
    return list.filter((c) => status.includes(c.status));
  }

  async run(op: Op) {
    const { api, clock } = this.s;
    switch (op.kind) {
      case 'agent': {
        if (this.agents.length >= 4) return;
        const res = await api('POST', '/agents', {
          name: `A${this.n}`,
          email: `a${this.n++}-${clock.now()}@example.com`,
          skills: op.skills,
          capacity: op.capacity,
        });
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
        const c = this.pick(
          (await this.withStatus(['dispatching'])).filter((x) => x.offer),
          op.pick,
        );
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
    await driver.setup(2);
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
    expect(compared).toBeGreaterThan(10);
  }, 600_000);

  it('a recording with one input missing no longer reproduces, and says where it parts', async () => {
    const from = s.clock.now();
    const fresh = (await s.api('POST', '/agents', { name: 'T', email: `t-${from}@example.com`, capacity: 5, skills: ['en', 'ja'] })).body.id;
    await s.api('PUT', `/agents/${fresh}/presence`, { presence: 'ready' });
    await driver.run({ kind: 'ask', channel: 1 });
    s.clock.advance(1);
    const period = { from: new Date(from).toISOString(), to: new Date(s.clock.now()).toISOString() };
    expect((await s.api('POST', '/simulations', period)).body.reproduced).toBe(true);
    // Without its ready, the fresh agent takes nothing in the replay: the history says otherwise.
    const db = s.container.deps.db;
    const rows = await db
      .selectFrom('routing_inputs')
      .select(['version', 'seq', 'event'])
      .where('kind', '=', 'presence_changed')
      .where('at', '>=', from)
      .execute();
    const ready = rows.find((r) => (r.event as { agentId?: string }).agentId === fresh)!;
    await db.deleteFrom('routing_inputs').where('version', '=', ready.version).where('seq', '=', ready.seq).execute();
    const res = await s.api('POST', '/simulations', period);
    expect(res.body.reproduced).toBe(false);
    expect(res.body.check.firstDifference).not.toBeNull();
  }, 120_000);
});

describe('POST /simulations and GET /simulations/:id', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('a what-if answers both sides; a long run is a stored job with progress on the stream', async () => {
    const driver = new Driver(s);
    await driver.setup();
    const from = s.clock.now();
    const a = (await s.api('POST', '/agents', { name: 'Solo', email: 'solo@example.com', capacity: 1 })).body.id;
    await s.api('PUT', `/agents/${a}/presence`, { presence: 'ready' });
    for (let i = 0; i < 4; i++) await driver.run({ kind: 'ask', channel: 1 });
    s.clock.advance(60_000);
    await driver.run({ kind: 'close', pick: 0 });
    s.clock.advance(60_000);
    const period = { from: new Date(from).toISOString(), to: new Date(s.clock.now()).toISOString() };

    const whatIf = await s.api('POST', '/simulations', { ...period, overrides: { addAgents: [{ skills: [], capacity: 3 }] } });
    expect(whatIf.status).toBe(200);
    expect(whatIf.body).toMatchObject({
      whatIf: true,
      reproduced: null,
      recorded: { conversations: 4, handled: 2 },
      simulated: { conversations: 4, handled: 4 },
    });
    expect(whatIf.body.simulated.meanWaitSeconds).toBeLessThanOrEqual(whatIf.body.recorded.meanWaitSeconds);
    expect(whatIf.body.agents.map((x: { agentId: string }) => x.agentId).sort()).toEqual(['added_1', a].sort());

    const stream = await connectStream(s.url, s.adminToken);
    const queued = await s.api('POST', '/simulations', { ...period, wait: false });
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ status: 'queued' });
    await stream.next((f) => f.type === 'simulation.progress' && f.data.id === queued.body.id && f.data.status === 'done', 20_000);
    stream.close();
    const job = await s.api('GET', `/simulations/${queued.body.id}`);
    expect(job.body).toMatchObject({ id: queued.body.id, status: 'done', progress: 1, reproduced: true, recorded: { conversations: 4 } });
    // A finished job is nobody's to claim again.
    expect(await runSimulationJobs(s.container.deps)).toBe(0);
  }, 120_000);

  it('a job whose process died is taken over once its lease lapses', async () => {
    const from = new Date(s.clock.now() - 3_600_000).toISOString();
    const to = new Date(s.clock.now()).toISOString();
    const db = s.container.deps.db;
    const now = s.clock.now();
    await db
      .insertInto('simulations')
      .values({
        id: 'sim_dead',
        workspace_id: s.workspaceId,
        status: 'running',
        request: JSON.stringify({ from, to }),
        result: null,
        lease_until: now + 10_000,
        attempts: 1,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    expect(await runSimulationJobs(s.container.deps)).toBe(0);
    s.clock.advance(10_001);
    expect(await runSimulationJobs(s.container.deps)).toBe(1);
    expect((await s.api('GET', '/simulations/sim_dead')).body).toMatchObject({ status: 'done', progress: 1 });
  });

  it('bad input is a 400, another workspace or an unknown id a 404, an agent a 403', async () => {
    const now = new Date(s.clock.now()).toISOString();
    expect((await s.api('POST', '/simulations', { from: now, to: now })).status).toBe(400);
    expect((await s.api('POST', '/simulations', { from: '2026-01-01', to: '2026-12-31' })).status).toBe(400);
    expect((await s.api('POST', '/simulations', { from: '2026-11-01', to: '2026-11-02', overrides: { dispatchPerAgent: -1 } })).status).toBe(400);
    expect((await s.api('POST', '/simulations', { from: '2026-11-01', to: '2026-11-02', overrides: { surprise: 1 } })).status).toBe(400);
    expect((await s.api('POST', '/simulations', { from: 'yesterday', to: '2026-11-02' })).status).toBe(400);
    expect((await s.api('GET', '/simulations/sim_nope')).status).toBe(404);
    await s.api('POST', '/agents', { name: 'Ann', email: 'ann@example.com', password: 'password-1' });
    const token = (await s.api('POST', '/auth/login', { email: 'ann@example.com', password: 'password-1' }, null)).body.token;
    expect((await s.api('POST', '/simulations', { from: '2026-11-01', to: '2026-11-02' }, token)).status).toBe(403);
  });
});

describe('replay across group commits (routing-batches.ts)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('requests that shared one transaction, one of them rolled back after moving the engine, replay as they happened', async () => {
    const { deps } = s.container;
    const driver = new Driver(s);
    await driver.setup();
    const from = s.clock.now();
    const a = (await s.api('POST', '/agents', { name: 'Ba', email: 'ba@example.com', capacity: 2 })).body.id;
    const b = (await s.api('POST', '/agents', { name: 'Bb', email: 'bb@example.com', capacity: 1 })).body.id;
    for (const id of [a, b]) await s.api('PUT', `/agents/${id}/presence`, { presence: 'ready' });
    for (let i = 0; i < 3; i++) await driver.run({ kind: 'ask', channel: 1 });
    const processing = (await s.api('GET', '/conversations?status=processing')).body.items as Array<{ id: string; assigneeId: string }>;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = deps.routing.batches.run(deps, s.workspaceId, async (tx) => {
      await deps.routing.begin(tx, s.workspaceId);
      await gate;
    });
    s.clock.advance(5_000);
    const txid = () =>
      deps.routing.batches.run(deps, s.workspaceId, async (tx) => {
        await deps.routing.begin(tx, s.workspaceId);
        return (await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(tx.db)).rows[0]!.id;
      });
    const first = txid();
    const queued = [
      s.api('POST', `/conversations/${processing[0].id}/close`, { agentId: processing[0].assigneeId }),
      deps.routing.batches
        .run(deps, s.workspaceId, async (tx) => {
          const routing = await deps.routing.begin(tx, s.workspaceId);
          await tx.db.updateTable('agents').set({ presence: 'away' }).where('id', '=', b).execute();
          await routing.apply({ type: 'presence_changed', agentId: b, presence: 'away' });
          throw new Error('failed after the engine moved');
        })
        .catch((e: Error) => e.message),
      s.api('POST', `/conversations/${processing[0].id}/close`, { agentId: processing[0].assigneeId }),
      s.api('PUT', `/agents/${a}/presence`, { presence: 'away' }),
      s.api('POST', `/channels/${driver.channels[1]}/inbound`, { contact: { externalId: 'batched' }, text: 'help' }),
    ];
    await new Promise((r) => setTimeout(r, 400));
    const last = txid();
    open();
    await held;
    const answers = await Promise.all(queued);
    expect(answers[1]).toBe('failed after the engine moved');
    // The failing unit shared its transaction with the ones queued around it.
    expect(await last).toBe(await first);
    s.clock.advance(1);
    const res = await s.api('POST', '/simulations', { from: new Date(from).toISOString(), to: new Date(s.clock.now()).toISOString() });
    expect(res.body.check.firstDifference).toBeNull();
    expect(res.body.reproduced).toBe(true);
    // Nothing of the rolled-back unit is in the recording.
    const rows = await deps.db.selectFrom('routing_inputs').select(['event']).where('kind', '=', 'presence_changed').where('at', '>=', from).execute();
    expect(
      rows.filter((r) => (r.event as { agentId?: string; presence?: string }).agentId === b && (r.event as { presence?: string }).presence === 'away'),
    ).toEqual([]);
  }, 120_000);
});

describe('replay days (replay-days.ts): a finished day compacted into one row with its checkpoint', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 30 });
  });
  afterAll(async () => {
    await s.close();
  });

  it('replays the same before and after compaction, and a later period starts from the checkpoint', async () => {
    const db = s.container.deps.db;
    const driver = new Driver(s);
    await driver.setup();
    const traffic = async (seed: number) => {
      const ops = fc.sample(fc.array(opArb, { minLength: 30, maxLength: 30 }), { numRuns: 1, seed })[0];
      for (const op of [{ kind: 'agent', skills: [], capacity: 2 } as Op, { kind: 'presence', agent: 0, presence: 'ready' } as Op, ...ops])
        await driver.run(op);
    };
    const first = s.clock.now();
    await traffic(1);
    // Into the next UTC day, and some traffic there.
    s.clock.advance(DAY_MS - (s.clock.now() % DAY_MS) + 60_000);
    await runDueTimers(s.container.deps);
    const second = s.clock.now();
    await traffic(2);
    s.clock.advance(1);
    const whole = { from: new Date(first).toISOString(), to: new Date(s.clock.now()).toISOString() };
    const later = { from: new Date(second).toISOString(), to: whole.to };
    const whatIf = { ...whole, overrides: { addAgents: [{ skills: [], capacity: 1 }] } };
    const before = {
      whole: (await s.api('POST', '/simulations', whole)).body,
      later: (await s.api('POST', '/simulations', later)).body,
      whatIf: (await s.api('POST', '/simulations', whatIf)).body,
    };
    expect(before.whole.reproduced).toBe(true);
    expect(before.later.reproduced).toBe(true);
    // Both periods have real decisions to compare.
    expect(before.later.check.compared).toBeGreaterThan(5);
    expect(before.whole.check.compared).toBeGreaterThan(before.later.check.compared);
    const rawBefore = (await db.selectFrom('routing_inputs').select('seq').where('workspace_id', '=', s.workspaceId).execute()).length;

    // Not yet: the first day ended less than SETTLE_MS ago.
    expect(await compactReplayDay(db, s.workspaceId, s.clock.now())).toBe(false);
    expect(await compactReplayDay(db, s.workspaceId, Math.floor(second / DAY_MS) * DAY_MS + SETTLE_MS)).toBe(true);
    // The second day is not done: nothing more.
    expect(await compactReplayDay(db, s.workspaceId, Math.floor(second / DAY_MS) * DAY_MS + SETTLE_MS)).toBe(false);
    const days = await db.selectFrom('routing_input_days').select(['day', 'inputs', 'first_at', 'last_at']).where('workspace_id', '=', s.workspaceId).execute();
    expect(days).toHaveLength(1);
    expect(days[0].last_at).toBeLessThan(second);
    const rawAfter = (await db.selectFrom('routing_inputs').select('seq').where('workspace_id', '=', s.workspaceId).execute()).length;
    expect(rawAfter + days[0].inputs).toBe(rawBefore);
    expect(rawAfter).toBeGreaterThan(0);

    const after = {
      whole: (await s.api('POST', '/simulations', whole)).body,
      later: (await s.api('POST', '/simulations', later)).body,
      whatIf: (await s.api('POST', '/simulations', whatIf)).body,
    };
    // From the origin, through the compacted day: the same answer, decision for decision.
    expect(after.whole.reproduced).toBe(true);
    expect(after.whole.check.compared).toBe(before.whole.check.compared);
    expect(after.whole.inputs).toBe(before.whole.inputs);
    expect(after.whatIf.simulated).toEqual(before.whatIf.simulated);
    expect(after.whatIf.recorded).toEqual(before.whatIf.recorded);
    // From the checkpoint: the first day is not read again, and the second still reproduces.
    expect(after.later.reproduced).toBe(true);
    expect(after.later.check.compared).toBe(before.later.check.compared);
    expect(after.later.recorded).toEqual(before.later.recorded);
    expect(after.later.inputs).toBe(rawAfter + 1);
    expect(after.later.inputs).toBeLessThan(before.later.inputs);

    // Two days later the second day is done too; then nothing is left to compact, and the replay reads days only.
    expect(await compactReplayDay(db, s.workspaceId, s.clock.now() + 2 * DAY_MS)).toBe(true);
    expect(await compactReplayDay(db, s.workspaceId, s.clock.now() + 2 * DAY_MS)).toBe(false);
    const again = (await s.api('POST', '/simulations', later)).body;
    expect(again.reproduced).toBe(true);
    expect(again.check.compared).toBe(before.later.check.compared);
  }, 120_000);
});
