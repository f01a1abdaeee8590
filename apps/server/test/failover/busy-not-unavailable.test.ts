import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from '../harness.ts';

/**
 * A database that is up but busy is not "unavailable" (issue #13): requests
 * queued behind a lock or for one of the pool's connections answered 503
 * DATABASE_UNAVAILABLE while PostgreSQL was fine, which sends operators
 * looking for an outage that is not there. They answer 503 BUSY (with
 * Retry-After); a PostgreSQL that is really away still answers
 * DATABASE_UNAVAILABLE (failover/database-restart.test.ts).
 */
describe.runIf(process.env.TEST_DATABASE_URL)('a busy database answers BUSY, not DATABASE_UNAVAILABLE', () => {
  let s: TestServer;
  let locker: pg.Client;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = (await freshPostgresDatabase())!;
    s = await startTestServer({ databaseUrl, env: { DATABASE_POOL_SIZE: '2', DATABASE_CONNECT_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '600' } });
    locker = new pg.Client({ connectionString: databaseUrl });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await s?.close();
    await dropDatabase(databaseUrl);
  });

  /** Holds every read of conversations until `release`: PostgreSQL is up, just not answering those yet. */
  async function holdConversations() {
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE');
    return () => locker.query('ROLLBACK');
  }

  const read = async () => {
    const res = await fetch(`${s.url}/api/v1/conversations`, { headers: { authorization: `Bearer ${s.adminToken}` } });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string } } };
  };

  it('a statement waiting on a lock past the statement timeout: BUSY, and the connection serves the next request', async () => {
    const release = await holdConversations();
    const res = await read();
    await release();
    expect(res).toMatchObject({ status: 503, retryAfter: expect.any(String), body: { error: { code: 'BUSY' } } });
    expect((await read()).status).toBe(200);
  });

  it('a request waiting for a pool connection past the connect timeout: BUSY', async () => {
    const release = await holdConversations();
    // Two requests hold the pool's two connections (waiting on the lock); the third waits for a connection.
    const answers = await Promise.all([read(), read(), read()]);
    await release();
    const codes = answers.map((a) => a.body.error?.code).sort();
    expect(codes).toEqual(['BUSY', 'BUSY', 'BUSY']);
    for (const a of answers) expect(a).toMatchObject({ status: 503, retryAfter: expect.any(String) });
    expect((await read()).status).toBe(200);
  });
});
