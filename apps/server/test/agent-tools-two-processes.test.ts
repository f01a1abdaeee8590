import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStream, dropDatabase, freshPostgresDatabase, makeApi, startTestServer, type TestServer } from './harness.ts';

/**
 * Collision across processes (issue #15): two servers on one PostgreSQL and
 * one Redis; an agent viewing and typing on one is seen by a colleague's
 * socket on the other (the stream hub's transport carries the ephemeral event).
 */
const redisUrl = process.env.TEST_REDIS_URL;

describe.runIf(process.env.TEST_DATABASE_URL && redisUrl)('who is viewing, across two processes', () => {
  let url: string;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    url = (await freshPostgresDatabase())!;
    const redisPrefix = `sbtest:${randomBytes(6).toString('hex')}:`;
    a = await startTestServer({ databaseUrl: url, redisUrl, redisPrefix });
    b = await startTestServer({ databaseUrl: url, redisUrl, redisPrefix, adminToken: a.adminToken });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    if (url) await dropDatabase(url);
  });

  it('a supervisor typing on process A is shown to the assignee connected to process B', async () => {
    const login = async (name: string, role: string) => {
      const email = `${name}-${randomBytes(3).toString('hex')}@two.test`;
      const id = (await a.api('POST', '/agents', { name, email, password: 'password-1', role })).body.id as string;
      const token = (await a.api('POST', '/auth/login', { email, password: 'password-1' }, null)).body.token as string;
      return { id, token };
    };
    const mei = await login('Mei', 'agent');
    const sam = await login('Sam', 'supervisor');
    await a.api('PUT', `/agents/${mei.id}/presence`, { presence: 'ready' });
    const channel = (await a.api('POST', '/channels', { type: 'api', name: `two-${randomBytes(3).toString('hex')}`, bot: false })).body.id;
    const conv = (await a.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: 'c1' }, text: 'hi' })).body.conversationId;
    const onB = await connectStream(b.url, mei.token);
    expect((await makeApi(a.url, sam.token)('POST', `/conversations/${conv}/viewing`, { state: 'typing' })).status).toBe(204);
    const seen = await onB.next((f) => f.type === 'conversation.viewing');
    expect(seen.data).toMatchObject({ conversationId: conv, agentId: sam.id, state: 'typing' });
    onB.close();
  });
});
