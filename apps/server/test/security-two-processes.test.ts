import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

const redisUrl = process.env.TEST_REDIS_URL;

/** A stream socket on one process, and how long after `since` it was closed (and with which code). */
async function socketOn(s: TestServer, token: string) {
  const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/stream?token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; at: number }>((resolve) => ws.once('close', (code) => resolve({ code, at: Date.now() })));
  return {
    closedWithin: (since: number, ms: number) =>
      Promise.race([
        closed.then((c) => ({ code: c.code, elapsed: c.at - since })),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open ${ms} ms after the change`)), ms)),
      ]),
  };
}

/**
 * SPEC §7 "revoke tokens and close the affected sockets within 1 s on every
 * process": a change made through process A closes the agent's socket on
 * process B. Runs with PostgreSQL and Redis (`npm run test:pg`).
 */
describe.runIf(process.env.TEST_DATABASE_URL && redisUrl)('session revocation across two processes', () => {
  let url: string;
  let a: TestServer;
  let b: TestServer;
  let n = 0;

  const agentSession = async (role: 'agent' | 'supervisor' = 'agent') => {
    const email = `agent${++n}@revoke.example`;
    const id = (await a.api('POST', '/agents', { name: `Agent ${n}`, email, password: 'password-1', role })).body.id as string;
    const token = (await b.api('POST', '/auth/login', { email, password: 'password-1' }, null)).body.token as string;
    return { id, token };
  };

  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    const redisPrefix = `sbtest:${randomBytes(6).toString('hex')}:`;
    a = await startTestServer({ databaseUrl: url, redisUrl, redisPrefix });
    b = await startTestServer({ databaseUrl: url, redisUrl, redisPrefix, adminToken: a.adminToken });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (url) await dropDatabase(url);
  });

  it.each([
    ['deactivation', (id: string) => a.api('POST', `/agents/${id}/deactivate`)],
    ['a demotion', (id: string) => a.api('PATCH', `/agents/${id}`, { role: 'agent' })],
    ['a password reset', (id: string) => a.api('POST', `/agents/${id}/password`, { password: 'password-2' })],
  ])('%s through A closes the socket on B within 1 s, and B refuses the token', async (_name, change) => {
    const agent = await agentSession('supervisor');
    const socket = await socketOn(b, agent.token);
    expect((await b.api('GET', '/me', undefined, agent.token)).status).toBe(200); // cached on B
    // Measured from the change's answer (its commit): a password reset hashes for most of a second before it.
    expect((await change(agent.id)).status).toBeLessThan(300);
    const since = Date.now();
    const closed = await socket.closedWithin(since, 1000);
    expect(closed.code).toBe(4401);
    expect(closed.elapsed).toBeLessThan(1000);
    expect((await b.api('GET', '/me', undefined, agent.token)).status).toBe(401);
  });
});
