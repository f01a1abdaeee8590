import fc from 'fast-check';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueTimers } from '../src/scheduler/due-timers.ts';
import { DAY_MS, SETTLE_MS, compactReplayDay, dayFacts, packJson } from '../src/simulations/replay-days.ts';
import { runSimulation } from '../src/simulations/run-simulation.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { Driver, opArb, type Op } from './support/replay-driver.ts';

/** A day of 30 random operations per seed, each day's open conversations going on past its midnight; the first moment. */
async function recordDays(s: TestServer, driver: Driver, seeds: number[]) {
  const first = s.clock.now();
  for (const seed of seeds) {
    const ops = fc.sample(fc.array(opArb, { minLength: 30, maxLength: 30 }), { numRuns: 1, seed })[0];
    for (const op of ops) await driver.run(op);
    s.clock.advance(DAY_MS - (s.clock.now() % DAY_MS) + 1_000);
    await runDueTimers(s.container.deps);
  }
  return first;
}

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

describe('replay-days compaction: the move out of routing_inputs in bounded statements', () => {
  // Every DELETE on routing_inputs and the rows it removed, seen through a Kysely plugin on the real database.
  const deletes: number[] = [];
  const pending = new Map<unknown, boolean>();
  const watcher: KyselyPlugin = {
    transformQuery: (args) => {
      const node = args.node as { kind: string; from?: { froms: Array<{ table?: { identifier?: { name: string } } }> } };
      pending.set(args.queryId, node.kind === 'DeleteQueryNode' && node.from?.froms[0]?.table?.identifier?.name === 'routing_inputs');
      return args.node;
    },
    transformResult: async (args) => {
      if (pending.get(args.queryId)) deletes.push(Number(args.result.numAffectedRows ?? 0));
      pending.delete(args.queryId);
      return args.result;
    },
  };
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ wrapDb: (db) => db.withPlugin(watcher) });
  });
  afterAll(async () => {
    await s.close();
  });

  it("deletes a day's rows in pages of whole routing versions (a month-sized day in one statement risks the 5 s statement timeout)", async () => {
    const db = s.container.deps.db;
    const driver = new Driver(s);
    await driver.setup(2);
    const ops = fc.sample(fc.array(opArb, { minLength: 40, maxLength: 40 }), { numRuns: 1, seed: 7 })[0];
    for (const op of ops) await driver.run(op);
    const rows = await db.selectFrom('routing_inputs').select(['version', 'at']).where('workspace_id', '=', s.workspaceId).execute();
    const day = Math.floor(Math.min(...rows.map((r) => r.at)) / DAY_MS) * DAY_MS;
    s.clock.advance(Math.max(0, day + DAY_MS + SETTLE_MS - s.clock.now()));
    const perVersion = new Map<number, number>();
    for (const r of rows) perVersion.set(r.version, (perVersion.get(r.version) ?? 0) + 1);
    const widest = Math.max(...perVersion.values());
    const page = 5;
    deletes.length = 0;
    expect(await compactReplayDay(db, s.workspaceId, s.clock.now(), page)).toBe(true);
    const [compacted] = await db.selectFrom('routing_input_days').select(['inputs']).where('workspace_id', '=', s.workspaceId).execute();
    expect(compacted.inputs).toBeGreaterThan(4 * page);
    // All of the day's rows left, in several statements, none over a page and one version (a version is never split).
    expect(deletes.reduce((a, b) => a + b, 0)).toBe(compacted.inputs);
    expect(deletes.length).toBeGreaterThanOrEqual(Math.floor(compacted.inputs / (page + widest)));
    for (const n of deletes) expect(n).toBeLessThan(page + widest);
    const left = await db
      .selectFrom('routing_inputs')
      .select('at')
      .where('workspace_id', '=', s.workspaceId)
      .where('at', '<', day + DAY_MS)
      .execute();
    expect(left).toEqual([]);
  }, 120_000);
});

describe('replay facts (decision 0026): a replay of compacted days runs from the facts stored with them', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 30 });
  });
  afterAll(async () => {
    await s.close();
  });

  it('makes the decisions and figures of the replay from the raw rows, also with conversations open across midnight and days without facts', async () => {
    const db = s.container.deps.db;
    const driver = new Driver(s);
    await driver.setup(2);
    // Three days of random traffic; whatever is open at midnight goes on into the next day.
    const first = await recordDays(s, driver, [11, 12, 13]);
    const ops = fc.sample(fc.array(opArb, { minLength: 10, maxLength: 10 }), { numRuns: 1, seed: 14 })[0];
    for (const op of ops) await driver.run(op);
    s.clock.advance(1);
    const settings = { serviceLevelSeconds: 20, serviceLevelTarget: 0.8, shortAbandonSeconds: 0 };
    const replay = async (hooks: { storedFacts?: boolean; dayStretch?: number } = {}) => {
      const lines: string[] = [];
      const { elapsedMs: _, ...outcome } = await runSimulation(db, s.workspaceId, { from: first, to: s.clock.now(), overrides: {} }, settings, async () => {}, {
        ...hooks,
        observe: (line) => lines.push(line),
      });
      return { lines, outcome };
    };
    const raw = await replay();
    expect(raw.outcome.reproduced).toBe(true);
    expect(raw.lines.length).toBeGreaterThan(20);

    // The three finished days (the last ended a second ago: settled once SETTLE_MS has passed), not today's.
    const now = s.clock.now() + SETTLE_MS;
    let days = 0;
    while (await compactReplayDay(db, s.workspaceId, now)) days++;
    expect(days).toBe(3);
    const stored = await db.selectFrom('routing_input_days').select(['facts']).where('workspace_id', '=', s.workspaceId).execute();
    expect(stored.every((d) => d.facts !== null)).toBe(true);
    // From the stored facts, derived as read, and from days compacted before facts were stored: all the same run.
    const compacted = await replay();
    expect(compacted).toEqual(raw);
    // A day read in stretches of a few inputs (each decoded as it is taken) is the same day.
    expect(await replay({ dayStretch: 3 })).toEqual(raw);
    expect(await replay({ storedFacts: false })).toEqual(raw);
    await db.updateTable('routing_input_days').set({ facts: null }).where('workspace_id', '=', s.workspaceId).execute();
    expect(await replay()).toEqual(raw);
  }, 300_000);
});

describe('a what-if from the reader facts (decision 0029): its first pass runs no reader engine', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 30 });
  });
  afterAll(async () => {
    await s.close();
  });

  it('over rows makes what the engine-read what-if makes; over compacted days the same from stored facts, facts without offers and no facts', async () => {
    const db = s.container.deps.db;
    const driver = new Driver(s);
    await driver.setup(2);
    const first = await recordDays(s, driver, [21, 22, 23]);
    s.clock.advance(1);
    const settings = { serviceLevelSeconds: 20, serviceLevelTarget: 0.8, shortAbandonSeconds: 0 };
    const overrides = { addAgents: [{ skills: [], capacity: 2 }], dispatchPerAgent: 2, offerTimeoutSeconds: 10 };
    const whatIf = async (hooks: { storedFacts?: boolean; dayStretch?: number } = {}) => {
      const { elapsedMs: _, ...outcome } = await runSimulation(db, s.workspaceId, { from: first, to: s.clock.now(), overrides }, settings, async () => {}, hooks);
      return outcome;
    };
    // Rows only: the facts are learned as read, by one reader across the pages, so the episodes are the engine's.
    const engine = await whatIf({ storedFacts: false });
    expect(engine.simulated.conversations).toBeGreaterThan(5);
    expect(await whatIf()).toEqual(engine);

    let days = 0;
    while (await compactReplayDay(db, s.workspaceId, s.clock.now() + SETTLE_MS)) days++;
    expect(days).toBe(3);
    const compacted = await whatIf();
    expect(await whatIf({ dayStretch: 3 })).toEqual(compacted);
    // The recorded figures are the recording's either way; each day's episodes start at its checkpoint.
    expect(compacted.recorded).toEqual(engine.recorded);
    expect(compacted.queues.map((q) => q.recorded)).toEqual(engine.queues.map((q) => q.recorded));
    // Facts stored before the offers were (this decision) are learned again as read, by one reader from the first day
    // on: episodes go on across midnight, as over rows, so the answer is the engine-read what-if's.
    const rows = await db.selectFrom('routing_input_days').select(['day', 'facts']).where('workspace_id', '=', s.workspaceId).execute();
    for (const row of rows) {
      const { offers: _, ...older } = dayFacts(row.facts)!;
      await db.updateTable('routing_input_days').set({ facts: packJson(older) }).where('workspace_id', '=', s.workspaceId).where('day', '=', row.day).execute();
    }
    expect(await whatIf()).toEqual(engine);
    await db.updateTable('routing_input_days').set({ facts: null }).where('workspace_id', '=', s.workspaceId).execute();
    expect(await whatIf()).toEqual(engine);
  }, 300_000);
});
