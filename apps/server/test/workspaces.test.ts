import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { connectStream, makeApi, startTestServer, type Api, type TestServer } from './harness.ts';

describe('workspace isolation', () => {
  let s: TestServer;
  let other: Api;
  let otherToken: string;
  const mine: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer();
    otherToken = `other_${randomBytes(8).toString('hex')}`;
    await ensureAdminWorkspace(s.container.deps, otherToken);
    other = makeApi(s.url, otherToken);
    mine.channel = (await s.api('POST', '/channels', { type: 'api', name: 'Mine' })).body.id;
    mine.agent = (await s.api('POST', '/agents', { name: 'Me', email: 'me@example.com', password: 'password1' })).body.id;
    const inbound = await s.api('POST', `/channels/${mine.channel}/inbound`, { contact: { externalId: 'c' }, text: 'secret' });
    mine.conversation = inbound.body.conversationId;
    mine.contact = (await s.api('GET', `/conversations/${mine.conversation}`)).body.contactId;
  });
  afterAll(() => s.close());

  it('the admin token is idempotent across calls (restarts)', async () => {
    expect(await ensureAdminWorkspace(s.container.deps, s.adminToken)).toBe(s.workspaceId);
  });

  it('lists show nothing of another workspace', async () => {
    for (const path of ['/channels', '/agents', '/conversations']) {
      const res = await other(' GET'.trim(), path);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    }
    const routing = await other('GET', '/routing');
    expect(routing.body.agents).toEqual([]);
  });

  it.each([
    ['GET', () => `/conversations/${mine.conversation}`],
    ['GET', () => `/conversations/${mine.conversation}/messages`],
    ['GET', () => `/conversations/${mine.conversation}/events`],
    ['POST', () => `/conversations/${mine.conversation}/close`],
    ['POST', () => `/conversations/${mine.conversation}/handoff`],
    ['GET', () => `/agents/${mine.agent}`],
    ['GET', () => `/channels/${mine.channel}`],
    ['GET', () => `/contacts/${mine.contact}`],
  ])("%s another workspace's id → 404", async (method, path) => {
    const res = await other(method, path());
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it("another workspace cannot post into my channel or change my agent's presence", async () => {
    const inbound = await other('POST', `/channels/${mine.channel}/inbound`, { contact: { externalId: 'x' }, text: 'intrude' });
    expect(inbound.status).toBe(404);
    const presence = await other('PUT', `/agents/${mine.agent}/presence`, { presence: 'ready' });
    expect(presence.status).toBe(404);
    const messages = await s.api('GET', `/conversations/${mine.conversation}/messages`);
    expect(messages.body.items.map((m: any) => m.text)).toEqual(['secret']);
  });

  it("another workspace's stream hears nothing of mine", async () => {
    const theirs = await connectStream(s.url, otherToken);
    const ours = await connectStream(s.url, s.adminToken);
    await s.api('POST', `/channels/${mine.channel}/inbound`, { contact: { externalId: 'c2' }, text: 'only-in-my-workspace' });
    await ours.next((f) => f.type === 'message.created' && f.data.text === 'only-in-my-workspace');
    const otherChannel = (await other('POST', '/channels', { type: 'api', name: 'Theirs' })).body.id;
    await other('POST', `/channels/${otherChannel}/inbound`, { contact: { externalId: 'z' }, text: 'theirs' });
    await theirs.next((f) => f.type === 'message.created' && f.data.text === 'theirs');
    expect(theirs.frames.some((f) => JSON.stringify(f).includes('only-in-my-workspace'))).toBe(false);
    theirs.close();
    ours.close();
  });
});
