import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/**
 * Two server processes (each its own container: pool, routing engine cache,
 * bot caches, in-process bus) on one PostgreSQL database, as behind a load
 * balancer. Requests alternate between them while both route the same
 * workspace: each must notice the other's routing (routing_version) and
 * rebuild instead of deciding on its stale cache. PGlite is one process's
 * database, so this runs in `npm run test:pg` (and CI).
 */
describe.runIf(process.env.TEST_DATABASE_URL)('two server processes on one PostgreSQL', () => {
  let url: string;
  let servers: TestServer[];
  let channelId: string;
  const agents: Array<{ id: string; capacity: number }> = [];

  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    const first = await startTestServer({ databaseUrl: url });
    servers = [first, await startTestServer({ databaseUrl: url, adminToken: first.adminToken })];
    channelId = (await first.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    for (let i = 0; i < 8; i++) {
      const capacity = 1 + (i % 3);
      const res = await servers[i % 2]!.api('POST', '/agents', { name: `Agent ${i}`, email: `a${i}@example.com`, capacity });
      agents.push({ id: res.body.id, capacity });
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await dropDatabase(url);
  });

  const via = (i: number) => servers[i % 2]!;

  it('keeps every agent within capacity and one agent per conversation while both route one workspace', { timeout: 120_000 }, async () => {
    await Promise.all(agents.map((a, i) => via(i + 1).api('PUT', `/agents/${a.id}/presence`, { presence: 'ready' })));
    // Handoffs through both processes at once, with closes of what is assigned through the other one.
    const arrivals = Array.from({ length: 80 }, (_, i) =>
      via(i).api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `cust-${i}` }, text: 'help' }),
    );
    const closes = (async () => {
      for (let round = 0; round < 6; round++) {
        const processing = (await via(round).api('GET', '/conversations?status=processing&limit=500')).body.items as any[];
        await Promise.all(processing.slice(0, 4).map((c, i) => via(round + i + 1).api('POST', `/conversations/${c.id}/close`, { agentId: c.assigneeId })));
      }
    })();
    const results = await Promise.all([...arrivals, closes]);
    for (const r of results.slice(0, 80) as Array<{ status: number }>) expect(r.status).toBe(201);

    const db = servers[0]!.container.deps.db;
    const load = await sql<{ id: string; capacity: number; load: number }>`
      SELECT a.id, a.capacity, (SELECT count(*)::int FROM conversations c WHERE c.status = 'processing' AND c.assignee_id = a.id) AS load
      FROM agents a`.execute(db);
    expect(load.rows).toHaveLength(agents.length);
    for (const row of load.rows) expect(row.load).toBeLessThanOrEqual(row.capacity);
    // Every seat is taken: 15 seats, and more customers than that are still open.
    expect(load.rows.reduce((sum, r) => sum + r.load, 0)).toBe(agents.reduce((sum, a) => sum + a.capacity, 0));
    const assignedTwice = await sql<{ id: string }>`
      SELECT conversation_id AS id FROM conversation_events WHERE type = 'assigned' GROUP BY conversation_id HAVING count(*) > 1`.execute(db);
    expect(assignedTwice.rows).toEqual([]);

    // Both processes describe the same state (each rebuilt its engine when the other had routed).
    const [a, b] = await Promise.all(servers.map((s) => s.api('GET', '/routing')));
    expect(a.body).toEqual(b.body);
    expect(a.body.dispatching).toBeLessThanOrEqual(a.body.dispatchLimit);
  });
});
