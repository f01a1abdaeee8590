import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canRunOwnPostgres, OwnPostgres } from '../support/own-postgres.ts';
import { killHard, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const TOKEN = 'restart-admin-token-0001';

async function timed(url: string, init: RequestInit = {}) {
  const started = performance.now();
  const res = await fetch(url, { ...init, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...init.headers } });
  const text = await res.text();
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: text ? JSON.parse(text) : undefined, ms: performance.now() - started };
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * PostgreSQL restarted under a running server (SPEC §6): the process stays
 * up, answers 503 DATABASE_UNAVAILABLE fast while the database is away, and
 * serves again on its own once it is back. A cluster of the test's own.
 */
describe.runIf(canRunOwnPostgres)('a PostgreSQL restart under a running server process', () => {
  let pg: OwnPostgres;
  const processes: ServerProcess[] = [];
  beforeAll(async () => {
    pg = await OwnPostgres.create();
  });
  afterAll(async () => {
    for (const p of processes) await killHard(p);
    await pg?.destroy();
  });

  it('answers 503 with body and Retry-After within 5 s while it is away, stays alive, and recovers', { timeout: 120_000 }, async () => {
    const server = startServerProcess({ DATABASE_URL: pg.url(), SWITCHBOARD_ADMIN_TOKEN: TOKEN });
    processes.push(server);
    const url = await server.ready;
    const channel = await timed(`${url}/api/v1/channels`, { method: 'POST', body: JSON.stringify({ type: 'api', name: 'API', bot: false }) });
    expect(channel.status).toBe(201);
    const inbound = (n: number) => timed(`${url}/api/v1/channels/${channel.body.id}/inbound`, { method: 'POST', body: JSON.stringify({ contact: { externalId: `c${n}` }, text: 'hi', externalMessageId: `m${n}` }) });
    expect((await inbound(1)).status).toBe(201);

    await pg.stop();
    for (const res of [await inbound(2), await timed(`${url}/api/v1/conversations`), await inbound(3)]) {
      expect(res).toMatchObject({ status: 503, retryAfter: expect.any(String), body: { error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) } } });
      expect(res.ms).toBeLessThan(5000);
    }
    expect((await timed(`${url}/readyz`)).status).toBe(503);
    expect((await timed(`${url}/healthz`)).status).toBe(200);
    expect(server.alive()).toBe(true);

    await pg.start();
    await eventually('a request to succeed again', async () => ((await inbound(4)).status === 201 ? true : undefined));
    expect((await timed(`${url}/readyz`)).status).toBe(200);
    const list = await timed(`${url}/api/v1/conversations?limit=100`);
    expect(list.body.items.length).toBe(2);
    expect(server.alive()).toBe(true);
  });

  it('a server started while PostgreSQL is down waits for it (logged) instead of exiting', { timeout: 120_000 }, async () => {
    await pg.stop();
    const server = startServerProcess({ DATABASE_URL: pg.url(), SWITCHBOARD_ADMIN_TOKEN: TOKEN });
    processes.push(server);
    await eventually('the wait to be logged', async () => (server.output().includes('database unavailable at start') ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(server.alive()).toBe(true);
    await pg.start();
    const url = await server.ready;
    expect((await timed(`${url}/api/v1/conversations`)).status).toBe(200);
  });
});
