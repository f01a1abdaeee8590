import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryFigures, figuresOf, zeroCounters } from '@switchboard/core';
import { foldMarked, catchUp } from '../src/reports/rollup-job.ts';
import { reconcile } from '../src/reports/reconcile.ts';
import { loadReportFacts } from '../src/reports/report-history.ts';
import { sumRollups } from '../src/reports/rollup-read.ts';
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
  | { kind: 'answer'; wait: number; agent: number; reply: number | null; then: Array<{ kind: 'transfer_skills' | 'transfer_agent' | 'requeue'; after: number; agent: number }>; close: number | null };

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
    }),
  ) as fc.Arbitrary<Step>,
  tags: fc.subarray(['t1', 't2']),
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});

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
          await sql`INSERT INTO workspaces (id, name, routing_settings) VALUES (${ws}, 'r', ${JSON.stringify({ reportTimeZone: zone, shortAbandonSeconds: shortAbandon, serviceLevelSeconds: 30 })}::jsonb)`.execute(db);
          const channels = [`${ws}_ch0`, `${ws}_ch1`];
          for (const ch of channels) await sql`INSERT INTO channels (id, workspace_id, type, name) VALUES (${ch}, ${ws}, 'api', ${ch})`.execute(db);
          for (const t of ['t1', 't2']) await sql`INSERT INTO tags (id, workspace_id, name, created_at) VALUES (${`${ws}_${t}`}, ${ws}, ${t}, 0)`.execute(db);
          const agents = [0, 1, 2].map((i) => `${ws}_agt${i}`);
          const rows: Array<{ at: number; insert: () => Promise<unknown> }> = [];
          const later: Array<() => Promise<unknown>> = [];
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
          const period = { from: START - 86_400_000, to: START + 3 * 86_400_000 };
          const result = await reconcile(db, ws, period.from, period.to);
          expect(result.differences).toEqual([]);
          // And the old reading (a scan of history per request) gives the same summary as the rollups.
          const scanned = summaryFigures(await loadReportFacts(s.container.deps, { workspaceId: ws, ...period }), { serviceLevelSeconds: 30, shortAbandonSeconds: shortAbandon });
          const summed = figuresOf((await sumRollups(db, { workspaceId: ws, ...period }, 'all', 'none', zone)).get('') ?? zeroCounters(), 30);
          expect({ ...summed, csat: null }).toEqual({ ...scanned, csat: null });
        },
      ),
      { numRuns: 25 },
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
