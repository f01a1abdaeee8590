import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchUp, foldMarked } from '../src/reports/rollup-job.ts';
import { reconcile } from '../src/reports/reconcile.ts';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/**
 * Report marks (migration 20261201T1220, decision 0017-report-marks): the
 * history a routing transaction writes marks its conversations for the
 * rollup job, and the job holds the marks it takes while it folds. A mark
 * must never make the routing transaction wait for that fold (it would wait
 * holding the workspace's routing lock, and every routing request behind
 * it). Several connections at once only exist on PostgreSQL: `npm run test:pg`.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('report marks on PostgreSQL', () => {
  let url: string;
  let s: TestServer;
  let channelId: string;
  let agentId: string;

  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    s = await startTestServer({ databaseUrl: url });
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    agentId = (await s.api('POST', '/agents', { name: 'Folding Fay', email: 'fay@marks.test', capacity: 5 })).body.id;
    await s.api('PUT', `/agents/${agentId}/presence`, { presence: 'ready' });
  });
  afterAll(async () => {
    await s?.close();
    if (url) await dropDatabase(url);
  });

  it('a close marks its conversation without waiting for a fold that holds the conversation’s marks', async () => {
    const handoff = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'fold-1' }, text: 'a person please' });
    const conversationId = handoff.body.conversationId as string;
    expect(handoff.body.status).toBe('processing');
    // What the rollup job does first: take the conversation's marks and hold them while it folds.
    const fold = new pg.Client({ connectionString: url });
    await fold.connect();
    try {
      await fold.query('BEGIN');
      const held = await fold.query('SELECT * FROM report_dirty WHERE conversation_id = $1 FOR UPDATE', [conversationId]);
      expect(held.rowCount).toBeGreaterThan(0);
      let settled = false;
      const close = s.api('POST', `/conversations/${conversationId}/close`, { agentId }).finally(() => (settled = true));
      // Either the close answers, or a backend of this database waits on a lock (the fold's): nothing else can happen.
      let waiting: string | undefined;
      while (!settled && waiting === undefined) {
        const blocked = await fold.query(
          `SELECT query FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
        );
        waiting = blocked.rows[0]?.query;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await fold.query('COMMIT');
      expect(waiting).toBeUndefined();
      expect((await close).status).toBe(200);
    } finally {
      await fold.end();
    }
    // The marks the "fold" held are still there, with the close's beside them: the next pass folds the close.
    await catchUp(s.container.deps, s.workspaceId);
    const facts = await sql<{ completed_at: string | null }>`SELECT completed_at FROM report_facts WHERE conversation_id = ${conversationId}`.execute(s.container.deps.db);
    expect(facts.rows[0]?.completed_at).not.toBeNull();
  });

  it('folds by several connections at once count every conversation once (0 differences)', { timeout: 60_000 }, async () => {
    const db = s.container.deps.db;
    const ws = 'ws_marks';
    const START = Date.UTC(2026, 10, 24, 8, 0, 0);
    await sql`INSERT INTO workspaces (id, name) VALUES (${ws}, 'marks')`.execute(db);
    await sql`INSERT INTO channels (id, workspace_id, type, name) VALUES ('ch_marks', ${ws}, 'api', 'marks')`.execute(db);
    // Each conversation's history goes in step by step, each step its own statement (and its own marks).
    const histories = Array.from({ length: 60 }, (_, i) => {
      const id = `conv_marks_${i}`;
      const at = START + i * 7_000;
      const event = (t: number, type: string, from: string | null, to: string | null, cause: string, data: Record<string, unknown> = {}) => () =>
        sql`INSERT INTO conversation_events (workspace_id, conversation_id, at, type, from_status, to_status, cause, actor_type, data)
          VALUES (${ws}, ${id}, ${t}, ${type}, ${from}, ${to}, ${cause}, 'system', ${JSON.stringify(data)}::jsonb)`.execute(db);
      return {
        id,
        steps: [
          event(at, 'status_changed', 'new', 'waiting', 'channel_without_bot'),
          event(at + 4_000 + i * 100, 'status_changed', 'waiting', 'processing', 'match'),
          event(at + 4_000 + i * 100, 'assigned', null, null, 'match', { agentId: `agt_marks_${i % 3}` }),
          () =>
            sql`INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, created_at)
              VALUES (${`${id}_m`}, ${ws}, 'ch_marks', ${id}, 1, 'agent', ${`agt_marks_${i % 3}`}, 'hi', ${at + 9_000})`.execute(db),
          ...(i % 4 === 0 ? [] : [event(at + 60_000 + i * 1_000, 'status_changed', 'processing', 'completed', 'closed_by_agent')]),
        ],
      };
    });
    for (const h of histories) {
      await sql`INSERT INTO contacts (id, workspace_id) VALUES (${h.id}, ${ws})`.execute(db);
      await sql`INSERT INTO conversations (id, workspace_id, channel_id, contact_id, status, created_at, updated_at) VALUES (${h.id}, ${ws}, 'ch_marks', ${h.id}, 'new', ${START}, ${START})`.execute(db);
    }
    let writing = true;
    const writers = [0, 1, 2].map(async (w) => {
      for (const h of histories.filter((_, i) => i % 3 === w)) for (const step of h.steps) await step();
    });
    // Three folders at once, as three processes' schedulers would, small batches so they meet on the same conversations.
    const folders = [0, 1, 2].map(async () => {
      while (writing) await foldMarked(s.container.deps, ws, 3);
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(folders);
    await catchUp(s.container.deps, ws);
    const remaining = await sql<{ n: number }>`SELECT count(*)::int AS n FROM report_dirty WHERE workspace_id = ${ws}`.execute(db);
    expect(remaining.rows[0]!.n).toBe(0);
    const result = await reconcile(db, ws, START - 86_400_000, START + 86_400_000);
    expect(result.differences).toEqual([]);
    const handled = await sql<{ n: number }>`SELECT count(*)::int AS n FROM report_facts WHERE workspace_id = ${ws} AND completed_at IS NOT NULL`.execute(db);
    expect(handled.rows[0]!.n).toBe(45);
  });
});
