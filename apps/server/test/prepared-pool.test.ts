import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../src/db/database.ts';
import { PreparedPool } from '../src/db/prepared-pool.ts';
import { dropDatabase, freshPostgresDatabase } from './harness.ts';

// Prepared statements are a PostgreSQL server feature: this runs in `npm run test:pg` (and CI).
describe.runIf(process.env.TEST_DATABASE_URL)('PreparedPool on PostgreSQL', () => {
  let url: string;
  let pool: PreparedPool;

  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    pool = new PreparedPool(new pg.Pool({ connectionString: url, max: 1 }));
  });
  afterAll(async () => {
    await pool.end();
    await dropDatabase(url);
  });

  async function onTheConnection<T>(fn: (client: Awaited<ReturnType<PreparedPool['connect']>>) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  }

  it('prepares a parameterised statement once per connection and runs it by name after that', async () => {
    const text = 'SELECT $1::int4 + 1 AS n';
    const answers = [];
    for (const v of [1, 2, 3]) answers.push((await onTheConnection((c) => c.query(text, [v]))).rows[0].n);
    expect(answers).toEqual([2, 3, 4]);
    const prepared = await onTheConnection((c) => c.query('SELECT name, statement FROM pg_prepared_statements'));
    expect(prepared.rows.filter((r) => r.statement === text)).toHaveLength(1);
  });

  it('gives each statement text its own name and leaves statements without parameters unnamed', async () => {
    await onTheConnection((c) => c.query('SELECT $1::text AS a', ['x']));
    await onTheConnection((c) => c.query('SELECT $1::text AS b', ['y']));
    await onTheConnection((c) => c.query('SELECT 42 AS plain'));
    const prepared = (await onTheConnection((c) => c.query('SELECT name, statement FROM pg_prepared_statements'))).rows;
    const names = new Map(prepared.map((r) => [r.statement, r.name]));
    expect(names.get('SELECT $1::text AS a')).toBeDefined();
    expect(names.get('SELECT $1::text AS b')).toBeDefined();
    expect(names.get('SELECT $1::text AS a')).not.toBe(names.get('SELECT $1::text AS b'));
    expect(names.has('SELECT 42 AS plain')).toBe(false);
  });

  it('names nothing when prepared statements are turned off (DATABASE_PREPARED_STATEMENTS=0)', async () => {
    // One connection: the check below sees the same session that ran the statement.
    const handle = await openPostgres(url, { poolSize: 1, prepared: false });
    try {
      for (const v of [1, 2]) expect((await sql<{ n: number }>`SELECT ${v}::int4 * 2 AS n`.execute(handle.db)).rows).toEqual([{ n: v * 2 }]);
      const prepared = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(handle.db);
      expect(prepared.rows).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
