import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * 200 customers and 20 agents act at once through the HTTP API. On PostgreSQL
 * (npm run test:pg) the requests really run in parallel transactions; the
 * database's row locks and compare-and-set updates must keep every agent
 * within capacity and every conversation with at most one agent.
 */
describe('routing under concurrent requests', () => {
  let s: TestServer;
  let channelId: string;
  const agents: Array<{ id: string; capacity: number }> = [];

  beforeAll(async () => {
    s = await startTestServer();
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    await s.api('PATCH', '/settings/routing', { mode: 'offer' });
    for (let i = 0; i < 20; i++) {
      const capacity = 1 + (i % 4);
      const res = await s.api('POST', '/agents', { name: `Agent ${i}`, email: `a${i}@example.com`, capacity });
      agents.push({ id: res.body.id, capacity });
    }
  });
  afterAll(() => s.close());

  async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>) {
    const queue = [...items];
    await Promise.all(Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }));
  }

  async function acceptAndCloseRound(closeShare: number) {
    const dispatching = (await s.api('GET', '/conversations?status=dispatching&limit=500')).body.items;
    // Every offer is answered twice at once: exactly one of the two may win.
    await inParallel(dispatching.filter((c: any) => c.offer), 16, async (c: any) => {
      const results = await Promise.all([0, 1].map(() => s.api('POST', `/conversations/${c.id}/accept`, { agentId: c.offer.agentId })));
      const ok = results.filter((r) => r.status === 200).length;
      expect(ok).toBeLessThanOrEqual(1);
      for (const r of results) expect([200, 409]).toContain(r.status);
    });
    const processing = (await s.api('GET', '/conversations?status=processing&limit=500')).body.items;
    await inParallel(processing.slice(0, Math.ceil(processing.length * closeShare)), 16, (c: any) =>
      s.api('POST', `/conversations/${c.id}/close`, { agentId: c.assigneeId }),
    );
  }

  it('never puts an agent over capacity nor assigns a conversation twice', { timeout: 180_000 }, async () => {
    const customers = Array.from({ length: 200 }, (_, i) => `cust-${i}`);
    const presence = inParallel(agents, 5, (a) => s.api('PUT', `/agents/${a.id}/presence`, { presence: 'ready' }));
    const arrivals = inParallel(customers, 20, (c) => s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: c }, text: 'help' }));
    await Promise.all([presence, arrivals]);
    for (let round = 0; round < 6; round++) await acceptAndCloseRound(0.5);

    const db = s.container.deps.db;
    const load = await sql<{ id: string; capacity: number; load: number }>`
      SELECT a.id, a.capacity,
        (SELECT count(*)::int FROM conversations c WHERE (c.status = 'processing' AND c.assignee_id = a.id) OR (c.status = 'dispatching' AND c.offer_agent_id = a.id)) AS load
      FROM agents a`.execute(db);
    for (const row of load.rows) expect(row.load).toBeLessThanOrEqual(row.capacity);
    const assignedTwice = await sql<{ id: string }>`
      SELECT conversation_id AS id FROM conversation_events WHERE type = 'assigned' GROUP BY conversation_id HAVING count(*) > 1`.execute(db);
    expect(assignedTwice.rows).toEqual([]);
    const all = (await s.api('GET', '/conversations?limit=500')).body.items;
    expect(all).toHaveLength(200);
    const completed = all.filter((c: any) => c.status === 'completed').length;
    expect(completed).toBeGreaterThan(20);
    const routing = (await s.api('GET', '/routing')).body;
    expect(routing.dispatching).toBeLessThanOrEqual(routing.dispatchLimit);
  });
});
