import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

async function raw(s: TestServer, method: string, path: string, body: string | undefined, headers: Record<string, string>) {
  const res = await fetch(`${s.url}/api/v1${path}`, { method, headers, body });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

describe('bad input gets a clear 4xx and loses nothing', () => {
  let s: TestServer;
  let channelId: string;
  let conversationId: string;

  beforeAll(async () => {
    s = await startTestServer();
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API' })).body.id;
    conversationId = (await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c1' }, text: 'kept' })).body.conversationId;
  });
  afterAll(() => s.close());

  const auth = () => ({ authorization: `Bearer ${s.adminToken}`, 'content-type': 'application/json' });

  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const res = await raw(s, 'POST', `/channels/${channelId}/inbound`, '{"contact": {', auth());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('MALFORMED_JSON');
    expect(typeof res.body.error.message).toBe('string');
  });

  it.each([
    ['text is a number', { contact: { externalId: 'x' }, text: 42 }],
    ['contact missing', { text: 'hi' }],
    ['externalId empty', { contact: { externalId: '' }, text: 'hi' }],
    ['body is an array', [1, 2]],
  ])('wrong types (%s) → 400 VALIDATION_FAILED', async (_name, body) => {
    const res = await s.api('POST', `/channels/${channelId}/inbound`, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['POST', '/agents', { name: 'A', email: 'not-an-email' }],
    ['POST', '/agents', { name: 'A', email: 'a@example.com', capacity: -1 }],
    ['POST', '/agents', { name: 'A', email: 'a@example.com', skills: [{ name: 'x', level: 9 }] }],
    ['PATCH', '/settings/routing', { mode: 'round-robin' }],
    ['POST', '/channels', { type: 'fax', name: 'F' }],
    ['GET', '/conversations?status=lost', undefined],
    ['GET', '/conversations?limit=0', undefined],
    ['GET', '/conversations?cursor=garbage', undefined],
  ])('%s %s with invalid fields → 400', async (method, path, body) => {
    const res = await s.api(method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['GET', '/conversations/conv_nope'],
    ['GET', '/conversations/conv_nope/messages'],
    ['POST', '/conversations/conv_nope/close'],
    ['POST', '/channels/ch_nope/inbound'],
    ['PUT', '/agents/agt_nope/presence'],
    ['GET', '/no/such/route'],
  ])('unknown ids %s %s → 404 NOT_FOUND', async (method, path) => {
    const body = path.includes('inbound') ? { contact: { externalId: 'x' }, text: 'y' } : path.includes('presence') ? { presence: 'ready' } : undefined;
    const res = await s.api(method, path, body);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it('missing or wrong token → 401 UNAUTHENTICATED', async () => {
    for (const token of [null, 'wrong-token']) {
      const res = await s.api('GET', '/conversations', undefined, token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    const malformedHeader = await raw(s, 'GET', '/conversations', undefined, { authorization: 'Basic abc' });
    expect(malformedHeader.status).toBe(401);
  });

  it('an invalid state change → 409 INVALID_TRANSITION', async () => {
    const agentId = (await s.api('POST', '/agents', { name: 'Bad Input', email: 'bad-input@example.com' })).body.id;
    const res = await s.api('POST', `/conversations/${conversationId}/messages`, { text: 'agent reply', agentId });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_TRANSITION');
  });

  it('an oversized body → 413, a wrong content type → 415', async () => {
    const big = JSON.stringify({ contact: { externalId: 'x' }, text: 'a'.repeat(2_000_000) });
    expect((await raw(s, 'POST', `/channels/${channelId}/inbound`, big, auth())).status).toBe(413);
    const xml = await raw(s, 'POST', `/channels/${channelId}/inbound`, '<x/>', { ...auth(), 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('none of it lost what was already stored', async () => {
    const messages = await s.api('GET', `/conversations/${conversationId}/messages`);
    expect(messages.body.items.map((m: any) => m.text)).toEqual(['kept']);
  });
});
