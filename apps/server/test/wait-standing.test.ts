import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLoadSql, standingsOf } from '../src/policy/wait-standing.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * R12's place in the queue and R4's agent load, read from the tables
 * (policy/wait-standing.ts). The place is counted through an index for a few
 * conversations and ranked over the queue for many (issue #13: the ranking
 * for one hand-off scanned the whole backlog); both must say what the
 * definition says on any queue.
 */
const SKILLS = [[], ['en'], ['ja'], ['en', 'billing']];
const STATUSES = ['waiting', 'dispatching', 'processing', 'completed', 'bot'] as const;

interface Row {
  status: (typeof STATUSES)[number];
  skills: string[];
  queueKey: number;
  offered: boolean;
  agent: number;
}

const rowArb = fc.record({
  status: fc.constantFrom(...STATUSES),
  skills: fc.constantFrom(...SKILLS),
  queueKey: fc.integer({ min: 0, max: 20 }),
  offered: fc.boolean(),
  agent: fc.integer({ min: 0, max: 2 }),
});

describe('the queue standing and the agents’ loads from the tables', () => {
  let s: TestServer;
  let channel: string;
  const agents: string[] = [];
  beforeAll(async () => {
    s = await startTestServer();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    for (const name of ['ann', 'bob', 'cy']) {
      const agent = await s.api('POST', '/agents', { name, email: `${name}@example.com`, password: 'password-1', capacity: 50, skills: ['en'] });
      expect(agent.status).toBe(201);
      agents.push(agent.body.id);
    }
    await sql`UPDATE agents SET presence = 'ready' WHERE workspace_id = ${s.workspaceId}`.execute(s.container.deps.db);
  });
  afterAll(() => s?.close());

  it('gives each waiting conversation 1 + those ahead of it with the same requirements, counted or ranked alike', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(rowArb, { minLength: 1, maxLength: 24 }), async (rows: Row[]) => {
        const db = s.container.deps.db;
        run++;
        await sql`DELETE FROM conversations WHERE workspace_id = ${s.workspaceId}`.execute(db);
        const ids = rows.map((_, i) => `c${run}_${String(i).padStart(2, '0')}`);
        for (const [i, r] of rows.entries()) {
          const contact = `k${run}_${i}`;
          await sql`INSERT INTO contacts (id, workspace_id) VALUES (${contact}, ${s.workspaceId})`.execute(db);
          const assignee = r.status === 'processing' ? agents[r.agent] : null;
          const offer = r.status === 'dispatching' && r.offered ? agents[r.agent] : null;
          await sql`INSERT INTO conversations (id, workspace_id, channel_id, contact_id, status, skills, queue_key, assignee_id, offer_agent_id, created_at, updated_at)
            VALUES (${ids[i]}, ${s.workspaceId}, ${channel}, ${contact}, ${r.status}, ${JSON.stringify(r.skills)}::jsonb, ${r.queueKey}, ${assignee}, ${offer}, 0, 0)`.execute(db);
        }
        // The definition: still waiting for a person (waiting, or dispatching with no offer), ordered by (queue key, id).
        const stillWaiting = (r: Row) => r.status === 'waiting' || (r.status === 'dispatching' && !r.offered);
        const expected = new Map<string, number>();
        rows.forEach((r, i) => {
          if (!stillWaiting(r)) return;
          const ahead = rows.filter((o, j) => stillWaiting(o) && JSON.stringify(o.skills) === JSON.stringify(r.skills) && (o.queueKey < r.queueKey || (o.queueKey === r.queueKey && ids[j] < ids[i])));
          expected.set(ids[i], ahead.length + 1);
        });
        const asked = rows.map((r, i) => ({ id: ids[i], workspace_id: s.workspaceId, skills: r.skills, queue_key: r.queueKey }));
        const ranked = await standingsOf(db, s.workspaceId, asked);
        const counted = new Map<string, number>();
        for (const one of asked) {
          const standing = (await standingsOf(db, s.workspaceId, [one])).get(one.id);
          if (standing) counted.set(one.id, standing.position);
        }
        expect(new Map([...ranked].map(([id, st]) => [id, st.position]))).toEqual(expected);
        expect(counted).toEqual(expected);

        const loads = await db.selectFrom('agents').select(['id', agentLoadSql.as('load')]).where('workspace_id', '=', s.workspaceId).execute();
        for (const a of loads) {
          const k = agents.indexOf(a.id);
          const want = rows.filter((r) => r.agent === k && (r.status === 'processing' || (r.status === 'dispatching' && r.offered))).length;
          expect(Number(a.load)).toBe(want);
        }
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
