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
  /** PostgreSQL only: the pool's connections (metrics). */
  poolStats?(): { total: number; idle: number; waiting: number; max: number };
  /** PostgreSQL only: opens every connection of the pool before the first request needs one (a start, main.ts). */
  warm?(): Promise<void>;
}

/**
 * The tables nearly every request reads or writes. A new PostgreSQL backend
 * loads each table's and index's description the first time a statement
 * names it; a warmed connection has done so before traffic arrives.
 */
const HOT_TABLES = ['workspaces', 'channels', 'agents', 'contacts', 'contact_identities', 'conversations', 'messages', 'conversation_events', 'outbox', 'stream_cursors', 'stream_events', 'bot_versions'];
const WARM_SQL = `SELECT ${HOT_TABLES.map((t) => `(SELECT 1 FROM ${t} LIMIT 0)`).join(', ')}`;

const INT8 = 20;
const QUERY_TIMEOUT_GRACE_MS = 1000;
const NUMERIC = 1700;

// int8 holds epoch milliseconds and counters, all far below 2^53: numbers, not strings.
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

export interface PostgresOptions {
  poolSize?: number;
  prepared?: boolean;
  /** A connect that takes longer fails (a PostgreSQL that is away answers quickly; a dead network does not). */
  connectTimeoutMs?: number;
  /** PostgreSQL cancels a statement running longer, and the client stops waiting for its reply (a frozen server). */
  statementTimeoutMs?: number;
  /** A connection broke while idle or in use (PostgreSQL restarted): logged, the pool makes a new one on demand. */
  onConnectionError?: (error: Error) => void;
}

export async function openPostgres(url: string, options: PostgresOptions = {}): Promise<DatabaseHandle> {
  const { poolSize = 20, prepared = true, connectTimeoutMs = 3000, statementTimeoutMs = 5000 } = options;
  const onError = options.onConnectionError ?? (() => {});
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Connections stay open once made: a burst after a quiet spell would otherwise
    // wait for new backends to start (pg closes idle ones after 10 s by default).
    min: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    statement_timeout: statementTimeoutMs,
    // The client's own limit waits a little longer: a live PostgreSQL cancels
    // first (57014, BUSY: busy, not away); only a server that does not answer
    // at all trips this one (DATABASE_UNAVAILABLE).
    query_timeout: statementTimeoutMs + QUERY_TIMEOUT_GRACE_MS,
  });
  // Without these listeners a connection dropped by PostgreSQL (a restart, a
  // failover) is an unhandled 'error' event and ends the whole process. The
  // query that was running fails on its own and the pool discards the client.
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: prepared ? (new PreparedPool(pool) as never) : pool }) });
  return {
    db,
    kind: 'postgres',
    // Its own connection, without the statement timeout: a migration may
    // rightly run long, and waiting for another process's migration lock too.
    session: async (fn) => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
      client.on('error', onError);
      await client.connect();
      try {
        return await fn(async (sql) => {
          const result = await client.query(sql);
          return Array.isArray(result) ? (result.at(-1)?.rows ?? []) : result.rows;
        });
      } finally {
        await client.end().catch(() => {});
      }
    },
    close: () => db.destroy(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: poolSize }),
    warm: async () => {
      const clients = await Promise.all(Array.from({ length: poolSize }, () => pool.connect()));
      try {
        await Promise.all(clients.map((c) => c.query(WARM_SQL)));
      } finally {
        for (const c of clients) c.release();
      }
    },
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
