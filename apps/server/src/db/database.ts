import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { PGlitePool } from './pglite-pool.ts';
import { PreparedPool } from './prepared-pool.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Runs `fn` on one dedicated connection that can execute multi-statement SQL (migrations). */
  session<T>(fn: (exec: (sql: string) => Promise<unknown[]>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;

// int8 holds epoch milliseconds and counters, all far below 2^53: numbers, not strings.
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

export async function openPostgres(url: string, poolSize = 20, prepared = true): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: prepared ? (new PreparedPool(pool) as never) : pool }) });
  return {
    db,
    kind: 'postgres',
    session: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn(async (sql) => {
          const result = await client.query(sql);
          return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows;
        });
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}

export async function openPGlite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
  });
  const pool = new PGlitePool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as never }) });
  return {
    db,
    kind: 'pglite',
    session: async (fn) => {
      const client = await pool.connect();
      try {
        return await fn(async (sql) => (await pglite.exec(sql)).at(-1)?.rows ?? []);
      } finally {
        client.release();
      }
    },
    close: () => db.destroy(),
  };
}
