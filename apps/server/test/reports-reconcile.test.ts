import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addCounters, averageWrapUpSeconds, bucketLabel, COUNTERS, factContributions, figuresOf, summaryFigures, zeroCounters,
  type Counters, type Granularity, type RollupDim, type RollupSpan,
} from '@switchboard/core';
import { catchUp, foldFacts, foldMarked, rollupOptions } from '../src/reports/rollup-job.ts';
import { reconcile } from '../src/reports/reconcile.ts';
import { loadReportFacts } from '../src/reports/report-history.ts';
import { sumRollups, type SplitBy } from '../src/reports/rollup-read.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * The reconciliation check on random histories (issue #16): rows land in
 * random batches, the rollup job folds between them (sometimes only part of
 * what is marked), ratings and tags change afterwards; then the recount from
 * the raw history and the rollups must agree on every counter: 0 differences.
 */
const START = Date.UTC(2026, 2, 28, 20, 0, 0); // crosses Europe's and not America's DST change

type Step =
  | { kind: 'abandon'; after: number }
  | { kind: 'answer'; wait: number; agent: number; reply: number | null; then: Array<{ kind: 'transfer_skills' | 'transfer_agent' | 'requeue'; after: number; agent: number }>; close: number | null; wrapUp: number | null; wrapUpLate: boolean };

const conversationArb = fc.record({
  start: fc.integer({ min: 0, max: 30 * 3_600_000 }),
  channel: fc.integer({ min: 0, max: 1 }),
  skills: fc.constantFrom([], ['english'], ['billing', 'english']),
  bot: fc.boolean(),
  handoff: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null, freq: 6 }),
  step: fc.oneof(
    fc.record({ kind: fc.constant('abandon' as const), after: fc.integer({ min: 0, max: 60_000 }) }),
    fc.record({
      kind: fc.constant('answer' as const),
      wait: fc.integer({ min: 0, max: 90_000 }),
      agent: fc.integer({ min: 0, max: 2 }),
      reply: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null }),
      then: fc.array(fc.record({ kind: fc.constantFrom('transfer_skills' as const, 'transfer_agent' as const, 'requeue' as const), after: fc.integer({ min: 1000, max: 200_000 }), agent: fc.integer({ min: 0, max: 2 }) }), { maxLength: 2 }),
      close: fc.option(fc.integer({ min: 1000, max: 600_000 }), { nil: null }),
      // After the close: the wrap-up's length (its end marks the conversation again), or none.
      wrapUp: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: null }),
      // The end written after everything else was folded: only its own mark folds it.
      wrapUpLate: fc.boolean(),
    }),
  ) as fc.Arbitrary<Step>,
  tags: fc.subarray(['t1', 't2']),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});
type Conversation = typeof conversationArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Writes a random history into a new workspace as the server would (events,
 * agent messages, tags, ratings), in `batches` batches with partial folds
 * (`foldLimit` conversations) between them, then folds everything marked.
 */
async function writeHistory(s: TestServer, ws: string, convs: Conversation[], zone: string, batches: number, foldLimit: number, shortAbandon: number) {
  const db = s.container.deps.db;
  await sql`INSERT INTO workspaces (id, name, routing_settings) VALUES (${ws}, 'r', ${JSON.stringify({ reportTimeZone: zone, shortAbandonSeconds: shortAbandon, serviceLevelSeconds: 30 })}::jsonb)`.execute(db);
  const channels = [`${ws}_ch0`, `${ws}_ch1`];
  for (const ch of channels) await sql`INSERT INTO channels (id, workspace_id, type, name) VALUES (${ch}, ${ws}, 'api', ${ch})`.execute(db);
  for (const t of ['t1', 't2']) await sql`INSERT INTO tags (id, workspace_id, name, created_at) VALUES (${`${ws}_${t}`}, ${ws}, ${t}, 0)`.execute(db);
  const agents = [0, 1, 2].map((i) => `${ws}_agt${i}`);
  const rows: Array<{ at: number; insert: () => Promise<unknown> }> = [];
  const later: Array<() => Promise<unknown>> = [];
  const lateEnds: Array<() => Promise<unknown>> = [];
  for (const [i, c] of convs.entries()) {
    const id = `${ws}_c${i}`;
    const channel = channels[c.channel]!;
    await sql`INSERT INTO contacts (id, workspace_id) VALUES (${id}, ${ws})`.execute(db);
    await sql`INSERT INTO conversations (id, workspace_id, channel_id, contact_id, status, skills, created_at, updated_at, csat_rating)
      VALUES (${id}, ${ws}, ${channel}, ${id}, 'new', ${JSON.stringify(c.skills)}::jsonb, ${START + c.start}, ${START + c.start}, null)`.execute(db);
    let t = START + c.start;
    let seq = 0;
    const event = (at: number, type: string, from: string | null, to: string | null, cause: string, data: Record<string, unknown> = {}) =>
      rows.push({ at, insert: () => sql`INSERT INTO conversation_events (workspace_id, conversation_id, at, type, from_status, to_status, cause, actor_type, data)
        VALUES (${ws}, ${id}, ${at}, ${type}, ${from}, ${to}, ${cause}, 'system', ${JSON.stringify(data)}::jsonb)`.execute(db) });
    const message = (at: number, agent: string) => {
      const n = ++seq;
      rows.push({ at, insert: () => sql`INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, created_at)
        VALUES (${`${id}_m${n}`}, ${ws}, ${channel}, ${id}, ${n}, 'agent', ${agent}, 'hi', ${at})`.execute(db) });
    };
    const from = c.bot ? 'bot' : 'new';
    if (c.bot) event(t, 'status_changed', 'new', 'bot', 'customer_message');
    if (c.handoff === null) continue;
    t += c.handoff;
    event(t, 'status_changed', from, 'waiting', c.bot ? 'handoff_keyword' : 'channel_without_bot');
    if (c.step.kind === 'abandon') {
      event(t + c.step.after, 'status_changed', 'waiting', 'completed', 'abandoned');
    } else {
      t += c.step.wait;
      let agent = agents[c.step.agent]!;
      event(t, 'status_changed', 'waiting', 'processing', 'match');
      event(t, 'assigned', null, null, 'match', { agentId: agent });
      if (c.step.reply !== null) message(t + c.step.reply, agent);
      let status = 'processing';
      for (const next of c.step.then) {
        t += next.after;
        const to = agents[next.agent]!;
        if (next.kind === 'transfer_agent') {
          event(t, 'transferred', null, null, 'transfer', { fromAgentId: agent, toAgentId: to });
          event(t, 'assigned', null, null, 'transfer', { agentId: to });
        } else {
          if (next.kind === 'transfer_skills') event(t, 'transferred', null, null, 'transfer', { fromAgentId: agent, skills: ['billing'] });
          event(t, 'status_changed', 'processing', 'waiting', next.kind === 'requeue' ? 'agent_offline' : 'transfer');
          t += 5000;
          event(t, 'status_changed', 'waiting', 'processing', 'match');
          event(t, 'assigned', null, null, 'match', { agentId: to });
        }
        agent = to;
        message(t + 2000, agent);
      }
      if (c.step.close !== null) {
        event(t + c.step.close, 'status_changed', status, 'completed', 'closed_by_agent');
        status = 'completed';
        if (c.step.wrapUp !== null) {
          event(t + c.step.close, 'wrap_up_started', null, null, 'closed_by_agent', { agentId: agent });
          const at = t + c.step.close + c.step.wrapUp;
          if (c.step.wrapUpLate) {
            const insert = () => sql`INSERT INTO conversation_events (workspace_id, conversation_id, at, type, from_status, to_status, cause, actor_type, data)
              VALUES (${ws}, ${id}, ${at}, 'wrap_up_ended', null, null, 'ended_by_agent', 'agent', ${JSON.stringify({ agentId: agent })}::jsonb)`.execute(db);
            lateEnds.push(insert);
          } else event(at, 'wrap_up_ended', null, null, 'deadline', { agentId: agent });
        }
      }
    }
    for (const tag of c.tags) later.push(() => sql`INSERT INTO conversation_tags (conversation_id, tag_id, workspace_id, source, created_at) VALUES (${id}, ${`${ws}_${tag}`}, ${ws}, 'agent', 0)`.execute(db));
    if (c.csat !== null) later.push(() => sql`UPDATE conversations SET csat_rating = ${c.csat} WHERE id = ${id}`.execute(db));
  }
  rows.sort((a, b) => a.at - b.at);
  // Random batches with partial folds between them: the job sees histories half-written.
  const per = Math.ceil(rows.length / batches);
  for (let b = 0; b < rows.length; b += per) {
    for (const r of rows.slice(b, b + per)) await r.insert();
    await foldMarked(s.container.deps, ws, foldLimit);
  }
  for (const fn of later) {
    await fn();
    await foldMarked(s.container.deps, ws, foldLimit);
  }
  await catchUp(s.container.deps, ws);
  // Wrap-ups ending after the rest was folded (as an agent ends one long after the close).
  for (const fn of lateEnds) {
    await fn();
    await foldMarked(s.container.deps, ws, foldLimit);
  }
  await catchUp(s.container.deps, ws);
}

describe('reconciliation: rollups against a recount from raw history', () => {
  let s: TestServer;
  let run = 0;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s?.close());

  it('0 differences on random histories folded in random batches (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(conversationArb, { minLength: 1, maxLength: 14 }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata'),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 10 }),
        async (convs, zone, batches, foldLimit, shortAbandon) => {
          const db = s.container.deps.db;
          const ws = `ws_rec${++run}`;
          await writeHistory(s, ws, convs, zone, batches, foldLimit, shortAbandon);
          const period = { from: START - 86_400_000, to: START + 3 * 86_400_000 };
          const result = await reconcile(db, ws, period.from, period.to);
          expect(result.differences).toEqual([]);
          // And the old reading (a scan of history per request) gives the same summary as the rollups.
          const scanned = summaryFigures(await loadReportFacts(s.container.deps, { workspaceId: ws, ...period }), { serviceLevelSeconds: 30, shortAbandonSeconds: shortAbandon });
          const summed = figuresOf((await sumRollups(db, { workspaceId: ws, ...period }, 'all', 'none', zone)).get('') ?? zeroCounters(), 30);
          expect({ ...summed, csat: null }).toEqual({ ...scanned, csat: null });
          // The wrap-up average from the rollups is the one of the recounted facts' wrap-ups.
          const wrapUps = [...(await foldFacts(db, ws, result.conversations === 0 ? [] : (await sql<{ id: string }>`SELECT id FROM conversations WHERE workspace_id = ${ws}`.execute(db)).rows.map((r) => r.id), await rollupOptions(db, ws))).values()]
            .filter((f) => f.handoffAt >= period.from && f.handoffAt < period.to && f.wrapUpMs !== null).map((f) => f.wrapUpMs!);
          const wrapUpAverage = wrapUps.length === 0 ? null : Math.round((wrapUps.reduce((a, b) => a + b, 0) / 1000 / wrapUps.length) * 10) / 10;
          expect(averageWrapUpSeconds((await sumRollups(db, { workspaceId: ws, ...period }, 'all', 'none', zone)).get('') ?? zeroCounters())).toBe(wrapUpAverage);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('a period cut at odd minutes sums the same from rollups + cut hours as a full fold of the raw history, for every dimension and split (fast-check)', async () => {
    const minute = 60_000;
    // Short periods around the history (cut hours hold most of it) and long ones (day and month rows hold most of it).
    const periodArb = fc.oneof(
      fc.record({ from: fc.integer({ min: -90 * minute, max: 31 * 60 * minute }), minutes: fc.integer({ min: 1, max: 6 * 60 }) }),
      fc.record({ from: fc.integer({ min: -40 * 1440 * minute, max: 0 }), minutes: fc.integer({ min: 30 * 60, max: 45 * 1440 }) }),
    ).chain(({ from, minutes }) => fc.record({ from: fc.constant(from), to: fc.constant(from + minutes * minute), seconds: fc.integer({ min: 0, max: 59_999 }) }));
    const filterArb = fc.constantFrom<{ channel?: number; skill?: string }>({}, { channel: 0 }, { skill: 'english' }, { channel: 1, skill: 'billing' });
    await fc.assert(
      fc.asyncProperty(
        fc.array(conversationArb, { minLength: 1, maxLength: 14 }),
        fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns'),
        fc.array(fc.record({ period: periodArb, filter: filterArb }), { minLength: 1, maxLength: 4 }),
        async (convs, zone, asks) => {
          const db = s.container.deps.db;
          const ws = `ws_cut${++run}`;
          await writeHistory(s, ws, convs, zone, 2, 200, 5);
          const options = await rollupOptions(db, ws);
          // The full fold: every conversation folded again from its raw history (as reconcile does), each fact's hour rows.
          const ids = (await sql<{ id: string }>`SELECT id FROM conversations WHERE workspace_id = ${ws}`.execute(db)).rows.map((r) => r.id);
          const facts = [...(await foldFacts(db, ws, ids, options)).values()];
          for (const { period, filter } of asks) {
            // Odd minutes and seconds: both ends cut an hour (a half-hour zone and St John's cut it elsewhere again).
            const scope = {
              workspaceId: ws, from: START + period.from + period.seconds, to: START + period.to + period.seconds,
              channelId: filter.channel === undefined ? undefined : `${ws}_ch${filter.channel}`, skill: filter.skill,
            };
            const inScope = facts.filter((f) => f.handoffAt >= scope.from && f.handoffAt < scope.to
              && (scope.channelId === undefined || f.channelId === scope.channelId) && (scope.skill === undefined || f.groupKey.split(',').includes(scope.skill)));
            const asked: Array<{ dim: RollupDim; by: SplitBy; coarsest?: RollupSpan; granularity?: Granularity }> = [
              { dim: 'all', by: 'none' }, { dim: 'all', by: 'channel' }, { dim: 'all', by: 'group' },
              { dim: 'all', by: 'bucket', coarsest: 'h', granularity: 'hour' }, { dim: 'all', by: 'bucket', coarsest: 'd', granularity: 'day' },
              { dim: 'all', by: 'bucket', coarsest: 'm', granularity: 'month' },
              { dim: 'agent', by: 'dimId' }, { dim: 'tag', by: 'dimId' }, { dim: 'hod', by: 'dimId' }, { dim: 'hod', by: 'channel' }, { dim: 'agent', by: 'group' },
            ];
            for (const { dim, by, coarsest, granularity } of asked) {
              const label = (bucket: number) => (granularity === undefined ? String(bucket) : bucketLabel(bucket, granularity, zone));
              const full = new Map<string, Counters>();
              for (const f of inScope) {
                for (const { key, counters } of factContributions(f, zone)) {
                  if (key.dim !== dim) continue;
                  const k = by === 'none' ? '' : by === 'channel' ? key.channelId : by === 'group' ? key.groupKey : by === 'dimId' ? key.dimId : label(key.bucket);
                  addCounters(full.get(k) ?? full.set(k, zeroCounters()).get(k)!, counters);
                }
              }
              const summed = new Map<string, Counters>();
              for (const [k, c] of await sumRollups(db, scope, dim, by, zone, coarsest)) {
                const key = by === 'bucket' ? label(Number(k)) : k;
                addCounters(summed.get(key) ?? summed.set(key, zeroCounters()).get(key)!, c);
              }
              const nonZero = (m: Map<string, Counters>) => Object.fromEntries([...m].filter(([, c]) => COUNTERS.some((n) => c[n] !== 0)).sort(([a], [b]) => (a < b ? -1 : 1)));
              expect({ dim, by, coarsest, sums: nonZero(summed) }).toEqual({ dim, by, coarsest, sums: nonZero(full) });
            }
          }
        },
      ),
      { numRuns: 20 },
    );
  });

  it('a hole is found: a rollup counter changed behind the job\'s back is a difference', async () => {
    const db = s.container.deps.db;
    const ws = (await sql<{ workspace_id: string }>`SELECT workspace_id FROM report_rollups WHERE dim = 'all' AND handled > 0 LIMIT 1`.execute(db)).rows[0]!.workspace_id;
    expect((await reconcile(db, ws, START - 86_400_000, START + 3 * 86_400_000)).differences).toEqual([]);
    await sql`UPDATE report_rollups SET handled = handled + 1 WHERE workspace_id = ${ws} AND dim = 'all'`.execute(db);
    const result = await reconcile(db, ws, START - 86_400_000, START + 3 * 86_400_000);
    expect(result.differences.length).toBeGreaterThan(0);
    expect(result.differences[0]).toMatchObject({ counter: 'handled' });
  });
});
