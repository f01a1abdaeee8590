import { sql, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_PENDING_MS, routeOverdueHandoffs } from '../src/routing/pending-handoffs.ts';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/**
 * A new customer's hand-off is committed pending and routed after COMMIT in the routing group commit
 * (routing/pending-handoffs.ts). What a process that dies in between leaves behind — a `waiting` row
 * with its `route_pending_at` deadline and an engine that never heard of it — is routed by the sweep.
 */
const history = (s: TestServer, id: string) =>
  sql<{ type: string; to_status: string | null; data: { agentId?: string } }>`
    SELECT type, to_status, data FROM conversation_events WHERE conversation_id = ${id} ORDER BY id`.execute(s.container.deps.db);

const pendingOf = async (s: TestServer, id: string) =>
  (await sql<{ status: string; route_pending_at: number | null; assignee_id: string | null }>`
    SELECT status, route_pending_at, assignee_id FROM conversations WHERE id = ${id}`.execute(s.container.deps.db)).rows[0];

describe('a hand-off whose routing transaction never commits', () => {
  let s: TestServer;
  let channelId: string;
  // Stands in for the process dying after the inbound COMMIT: the routing transaction of a pending
  // hand-off fails at its first statement and never commits.
  let dying = false;
  const dies: KyselyPlugin = {
    transformQuery: (args) => {
      const text = JSON.stringify(args.node);
      if (dying && text.includes('route_pending_at = NULL FROM due')) throw Object.assign(new Error('the process died'), { code: '57P01' });
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  beforeAll(async () => {
    s = await startTestServer({ wrapDb: (db) => db.withPlugin(dies) });
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
  });
  afterAll(() => s.close());

  it('stays waiting with its deadline, unseen by the engine, and the sweep routes it once the deadline passed', async () => {
    const agent = (await s.api('POST', '/agents', { name: 'Pending', email: 'pending@test.local', capacity: 2 })).body.id as string;
    await s.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });

    dying = true;
    const lost = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'lost' }, text: 'a person please' });
    dying = false;
    // The customer's message is stored and answered; routing never heard of the hand-off.
    expect(lost.status).toBe(201);
    expect(lost.body.status).toBe('waiting');
    const id = lost.body.conversationId as string;
    expect(await pendingOf(s, id)).toEqual({ status: 'waiting', route_pending_at: s.clock.now() + ROUTE_PENDING_MS, assignee_id: null });

    // The engine (rebuilt from the tables after the failed transaction) leaves the pending row out: the
    // next customer gets the agent's free seat, and the pending one is still nobody's.
    const next = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'next' }, text: 'a person please' });
    expect(next.body.status).toBe('processing');
    expect((await pendingOf(s, id))!.assignee_id).toBeNull();

    // Before its deadline the sweep leaves it to the process that committed it.
    expect(await routeOverdueHandoffs(s.container.deps)).toBe(0);
    s.clock.advance(ROUTE_PENDING_MS);
    expect(await routeOverdueHandoffs(s.container.deps)).toBe(1);
    expect(await pendingOf(s, id)).toEqual({ status: 'processing', route_pending_at: null, assignee_id: agent });
    const rows = (await history(s, id)).rows;
    expect(rows.filter((r) => r.type === 'assigned').map((r) => r.data.agentId)).toEqual([agent]);
    expect(rows.map((r) => r.to_status).filter(Boolean)).toEqual(['bot', 'waiting', 'dispatching', 'processing']);
    // The engine's input log heard the hand-off (a replay routes it the same way).
    const inputs = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM routing_inputs WHERE kind = 'handoff' AND event->'conversation'->>'id' = ${id}`.execute(s.container.deps.db);
    expect(inputs.rows[0]!.n).toBe(1);
    // Swept once: nothing left.
    s.clock.advance(ROUTE_PENDING_MS);
    expect(await routeOverdueHandoffs(s.container.deps)).toBe(0);
    const routing = (await s.api('GET', '/routing')).body;
    expect(routing.agents.find((x: { id: string }) => x.id === agent).load).toBe(2);
  });

  it('a pending conversation the customer left is not routed by the sweep', async () => {
    dying = true;
    const lost = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'leaves' }, text: 'a person please' });
    dying = false;
    const id = lost.body.conversationId as string;
    const closed = await s.api('POST', `/conversations/${id}/close`, {});
    expect(closed.status).toBe(200);
    expect(await pendingOf(s, id)).toEqual({ status: 'completed', route_pending_at: null, assignee_id: null });
    s.clock.advance(ROUTE_PENDING_MS);
    expect(await routeOverdueHandoffs(s.container.deps)).toBe(0);
    const inputs = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM routing_inputs WHERE kind = 'handoff' AND event->'conversation'->>'id' = ${id}`.execute(s.container.deps.db);
    expect(inputs.rows[0]!.n).toBe(0);
  });
});

/**
 * Two processes on one PostgreSQL: process A commits the hand-off and keeps it queued in memory (its
 * routing turn is held, as a process stuck or about to die would); process B's sweep routes it after the
 * deadline; when A's turn comes, the hand-off is no longer pending and nothing is routed twice.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('a pending hand-off held in another process', () => {
  let url: string;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    a = await startTestServer({ databaseUrl: url });
    b = await startTestServer({ databaseUrl: url, adminToken: a.adminToken });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropDatabase(url);
  });

  it('is routed once, by the sweep of the other process', async () => {
    const channelId = (await a.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    const agent = (await a.api('POST', '/agents', { name: 'Both', email: 'both@test.local', capacity: 3 })).body.id as string;
    await a.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    // A's routing turn is held in memory only (no database lock): A's routing requests queue behind it.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = a.container.deps.routing.batches.run(a.container.deps, a.workspaceId, () => gate);
    const answer = a.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'held' }, text: 'a person please' });
    let row: Awaited<ReturnType<typeof pendingOf>> | undefined;
    let id: string | undefined;
    for (let i = 0; i < 500 && !row; i++) {
      await new Promise((r) => setTimeout(r, 10));
      id = (await sql<{ id: string }>`SELECT id FROM conversations WHERE route_pending_at IS NOT NULL`.execute(b.container.deps.db)).rows[0]?.id;
      row = id ? await pendingOf(b, id) : undefined;
    }
    expect(row).toMatchObject({ status: 'waiting', assignee_id: null });

    b.clock.advance(ROUTE_PENDING_MS);
    expect(await routeOverdueHandoffs(b.container.deps)).toBe(1);
    expect(await pendingOf(b, id!)).toEqual({ status: 'processing', route_pending_at: null, assignee_id: agent });

    open();
    await held;
    const res = await answer;
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('processing');
    const assigned = (await history(b, id!)).rows.filter((r) => r.type === 'assigned');
    expect(assigned).toHaveLength(1);
    // A's engine learns of B's routing (routing_version) and counts the seat once.
    const routing = (await a.api('GET', '/routing')).body;
    expect(routing.agents.find((x: { id: string }) => x.id === agent).load).toBe(1);
  });
});
