import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulationJobs } from '../src/simulations/simulations.ts';
import { connectStream, startTestServer, type TestServer } from './harness.ts';
import { Driver, opArb } from './support/replay-driver.ts';

/**
 * Replay through the real server: random API sequences are recorded by the
 * server as it routes them; POST /simulations with no overrides must then
 * reproduce every routing decision in the history (SPEC §5 What-if).
 */
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
    // Everyone else away, so the hand-off can only go to the fresh agent (an idle agent left ready by the
    // random ops above would win R4's idle-longest tie-break, and the missing input would change nothing).
    for (const id of driver.agents) await s.api('PUT', `/agents/${id}/presence`, { presence: 'away' });
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
