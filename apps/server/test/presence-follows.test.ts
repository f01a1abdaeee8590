import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSockets, visitorSockets, type OpenSockets } from '../src/presence/connections.ts';
import { followPresence } from '../src/presence/follow.ts';
import { hashToken } from '../src/platform/secrets.ts';
import { connectStream, startTestServer, type TestServer } from './harness.ts';
import { createChannel } from './channels/support/flows.ts';
import { startVisitor, visitorSocket } from './channels/support/visitor.ts';

/** SPEC R14 with a fake clock: the scheduler's task is called as each beat would call it. */
describe('presence follows the person (R14)', () => {
  let s: TestServer;
  let agents = 0;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  /**
   * A closed socket reaches the server through real I/O, which the fake clock
   * does not drive: wait (in real time, at most 5 s) until this process no
   * longer counts it.
   */
  async function closed(sockets: OpenSockets, key: string) {
    for (let i = 0; i < 500 && sockets.keys().includes(key); i++) await new Promise((r) => setTimeout(r, 10));
    expect(sockets.keys()).not.toContain(key);
  }

  /** Advances the fake clock in scheduler-sized steps, running the task at each, as the real beat would. */
  async function pass(seconds: number) {
    for (let t = 0; t < seconds; t += 5) {
      s.clock.advance(5_000);
      await followPresence(s.container.deps);
    }
  }

  async function readyAgent() {
    const email = `presence-${++agents}@example.com`;
    const created = await s.api('POST', '/agents', { name: `Agent ${agents}`, email, password: 'password-123', capacity: 2 });
    expect(created.status).toBe(201);
    const login = await s.api('POST', '/auth/login', { email, password: 'password-123', workspaceId: s.workspaceId }, null);
    expect(login.status).toBe(200);
    const token = login.body.token as string;
    expect((await s.api('PUT', `/agents/${created.body.id}/presence`, { presence: 'ready' }, token)).status).toBe(200);
    return { id: created.body.id as string, token };
  }
  const presenceOf = async (id: string) => (await s.api('GET', `/agents/${id}`)).body as { presence: string; presenceReason: string | null };

  it('sets an agent offline once the last console connection has been gone for the grace (60 s)', async () => {
    const a = await readyAgent();
    const console1 = await connectStream(s.url, a.token);
    await pass(30);
    console1.close();
    await closed(consoleSockets, a.id);
    await pass(50);
    expect((await presenceOf(a.id)).presence).toBe('ready');
    await pass(20);
    expect(await presenceOf(a.id)).toMatchObject({ presence: 'offline', presenceReason: null });
    const history = await s.container.deps.db.selectFrom('presence_events').select(['presence', 'reason']).where('agent_id', '=', a.id).orderBy('id').execute();
    expect(history.at(-1)).toMatchObject({ presence: 'offline' });
  });

  it('keeps an agent ready while a console stays open, and when it comes back within the grace', async () => {
    const a = await readyAgent();
    const first = await connectStream(s.url, a.token);
    await pass(120);
    expect((await presenceOf(a.id)).presence).toBe('ready');
    first.close();
    await closed(consoleSockets, a.id);
    await pass(40);
    const second = await connectStream(s.url, a.token);
    await pass(120);
    expect((await presenceOf(a.id)).presence).toBe('ready');
    second.close();
  });

  it('leaves presence set through the API alone when no console was ever connected', async () => {
    const created = await s.api('POST', '/agents', { name: 'Integration', email: `api-${++agents}@example.com`, capacity: 1 });
    expect((await s.api('PUT', `/agents/${created.body.id}/presence`, { presence: 'ready' })).status).toBe(200);
    await pass(300);
    expect((await presenceOf(created.body.id)).presence).toBe('ready');
  });

  /** Nobody left ready from the agent tests: the visitors below must stay queued. */
  async function nobodyReady() {
    const { items } = (await s.api('GET', '/agents')).body as { items: Array<{ id: string; presence: string }> };
    for (const a of items) if (a.presence !== 'offline') expect((await s.api('PUT', `/agents/${a.id}/presence`, { presence: 'offline' })).status).toBe(200);
  }

  it('completes a queued web-chat visitor as abandoned once their page has been closed for the grace (120 s)', async () => {
    await nobodyReady();
    const channelId = await createChannel(s, 'webchat', {}, { bot: false });
    const v = await startVisitor(s, channelId);
    const page = await visitorSocket(s, v.token);
    const sent = await v.api('POST', '/webchat/messages', { text: 'I need a person' });
    const conversationId = sent.body.conversationId as string;
    expect((await s.api('GET', `/conversations/${conversationId}`)).body.status).toBe('waiting');
    page.close();
    await closed(visitorSockets, hashToken(v.token));
    await pass(100);
    expect((await s.api('GET', `/conversations/${conversationId}`)).body.status).toBe('waiting');
    await pass(30);
    expect((await s.api('GET', `/conversations/${conversationId}`)).body).toMatchObject({ status: 'completed', closeReason: 'abandoned' });
  });

  it('keeps a queued visitor who reloads the page within the grace', async () => {
    await nobodyReady();
    const channelId = await createChannel(s, 'webchat', {}, { bot: false });
    const v = await startVisitor(s, channelId);
    const page = await visitorSocket(s, v.token);
    const sent = await v.api('POST', '/webchat/messages', { text: 'agent please' });
    expect((await s.api('GET', `/conversations/${sent.body.conversationId}`)).body.status).toBe('waiting');
    page.close();
    await closed(visitorSockets, hashToken(v.token));
    await pass(60);
    const reloaded = await visitorSocket(s, v.token);
    await pass(300);
    expect((await s.api('GET', `/conversations/${sent.body.conversationId}`)).body.status).toBe('waiting');
    reloaded.close();
  });
});
