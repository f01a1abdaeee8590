import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

// A start opens and warms every connection of the pool before traffic (main.ts): PostgreSQL only.
describe.runIf(process.env.TEST_DATABASE_URL)('a warmed pool', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ env: { DATABASE_POOL_SIZE: '6' } });
  });
  afterAll(() => s.close());

  const backends = async () => {
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`.execute(s.container.deps.db);
    return rows[0]!.n;
  };

  it('has every connection of the pool open, idle and ready, once warmed', async () => {
    await s.container.database.warm!();
    expect(s.container.database.poolStats!()).toMatchObject({ total: 6, idle: 6, max: 6 });
    // Counted from one of them: all six are PostgreSQL backends of this database.
    expect(await backends()).toBe(6);
  });
});
