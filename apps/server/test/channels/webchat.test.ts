import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStream, makeApi, startTestServer, type TestServer } from '../harness.ts';
import { createChannel, createReadyAgent } from './support/flows.ts';
import { startVisitor, visitorSocket } from './support/visitor.ts';

describe('web chat', () => {
  let s: TestServer;
  let channelId: string;

  beforeAll(async () => {
    s = await startTestServer();
    channelId = await createChannel(s, 'webchat', {});
  });
  afterAll(() => s.close());

  it('opens a visitor session only on a webchat channel and requires its token', async () => {
    const anon = makeApi(s.url, null);
    const apiChannel = await createChannel(s, 'api', {});
    expect((await anon('POST', `/webchat/${apiChannel}/sessions`, {})).status).toBe(404);
    expect((await anon('POST', `/webchat/ch_missing/sessions`, {})).status).toBe(404);
    expect((await anon('GET', '/webchat/session')).status).toBe(401);
    expect((await makeApi(s.url, 'wcs_forged')('GET', '/webchat/session')).status).toBe(401);

    const v = await startVisitor(s, channelId, 'Vera');
    expect(v.token).toMatch(/^wcs_/);
    const stored = await s.container.deps.db.selectFrom('webchat_sessions').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(v.token);
    const state = await v.api('GET', '/webchat/session');
    expect(state).toMatchObject({ status: 200, body: { channelId, contactId: v.contactId, conversation: null, messages: [] } });
    expect((await s.api('GET', `/contacts/${v.contactId}`)).body.name).toBe('Vera');
  });

  it('stores a message once per clientMessageId and shows it after a reload', async () => {
    const v = await startVisitor(s, channelId);
    const first = await v.api('POST', '/webchat/messages', { text: '<b>hello</b>', clientMessageId: 'c-1' });
    const again = await v.api('POST', '/webchat/messages', { text: '<b>hello</b>', clientMessageId: 'c-1' });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(first.body.status).toBe('bot');
    // Another visitor's "c-1" is theirs, not a duplicate of this one.
    const other = await startVisitor(s, channelId);
    expect((await other.api('POST', '/webchat/messages', { text: 'hi', clientMessageId: 'c-1' })).body.messageId).not.toBe(first.body.messageId);

    const state = await v.api('GET', '/webchat/session');
    expect(state.body.conversation).toEqual({ id: first.body.conversationId, status: 'bot', queuePosition: null, queue: null });
    expect(state.body.messages.filter((m: any) => m.sender === 'customer')).toEqual([
      { id: first.body.messageId, sender: 'customer', text: '<b>hello</b>', attachments: [], createdAt: expect.any(String) },
    ]);
    expect((await v.api('POST', '/webchat/messages', { text: '' })).status).toBe(400);
  });

  it('tells a waiting visitor their queue position as the queue moves', async () => {
    const a = await startVisitor(s, channelId);
    const b = await startVisitor(s, channelId);
    await a.api('POST', '/webchat/messages', { text: 'hello' });
    await a.api('POST', '/webchat/messages', { text: 'agent' });
    await b.api('POST', '/webchat/messages', { text: 'hello' });
    const sb = await visitorSocket(s, b.token);
    const handed = await b.api('POST', '/webchat/messages', { text: 'agent' });
    expect(handed.body.status).toBe('waiting');
    const conversationId = handed.body.conversationId;
    await sb.next((f) => f.type === 'conversation.status_changed' && f.data.to === 'waiting');
    const behind = await sb.next((f) => f.type === 'queue.position');
    expect(behind.data).toEqual({ conversationId, position: 2, estimatedWaitSeconds: null, agentsReady: false, closedUntil: null });
    expect((await b.api('GET', '/webchat/session')).body.conversation).toMatchObject({ status: 'waiting', queuePosition: 2 });

    const aState = await a.api('GET', '/webchat/session');
    await s.api('POST', `/conversations/${aState.body.conversation.id}/close`, {});
    const moved = await sb.next((f) => f.type === 'queue.position' && f.data.position === 1);
    expect(moved.data).toEqual({ conversationId, position: 1, estimatedWaitSeconds: null, agentsReady: false, closedUntil: null });
    // b leaves the queue so later tests start with an empty one.
    await s.api('POST', `/conversations/${conversationId}/close`, {});
    sb.close();
  });

  it("pushes an agent's reply and status changes over the visitor's WebSocket, and relays typing both ways", async () => {
    const agentId = await createReadyAgent(s, 'chat-agent@example.com');
    const v = await startVisitor(s, channelId, 'Wes');
    const socket = await visitorSocket(s, v.token);
    const agents = await connectStream(s.url, s.adminToken);
    await v.api('POST', '/webchat/messages', { text: 'hello' });
    const handed = await v.api('POST', '/webchat/messages', { text: 'agent' });
    const conversationId = handed.body.conversationId;
    expect(handed.body.status).toBe('processing');
    await socket.next((f) => f.type === 'conversation.status_changed' && f.data.to === 'processing');

    const reply = await s.api('POST', `/conversations/${conversationId}/messages`, { text: 'Hi Wes, Ann here', agentId });
    expect(reply.body.delivery).toBe('sent');
    const pushed = await socket.next((f) => f.type === 'message.created' && f.data.sender === 'agent');
    expect(pushed.data).toEqual({ conversationId, id: reply.body.id, sender: 'agent', agentName: 'chat-agent', text: 'Hi Wes, Ann here', attachments: [], createdAt: expect.any(String) });
    const outbox = await s.container.deps.db.selectFrom('outbox').select('id').where('conversation_id', '=', conversationId).execute();
    expect(outbox).toEqual([]); // the stream is web chat's transport: nothing to queue

    expect((await v.api('POST', '/webchat/typing')).status).toBe(204);
    expect((await agents.next((f) => f.type === 'typing')).data).toEqual({ conversationId, who: 'customer' });
    s.container.deps.bus.publish([{ type: 'typing', workspaceId: s.workspaceId, conversationId, data: { conversationId, who: 'agent' } }]);
    expect((await socket.next((f) => f.type === 'typing')).data).toEqual({ conversationId, who: 'agent' });
    expect(socket.frames.filter((f) => f.type === 'typing')).toHaveLength(1); // the visitor's own typing is not echoed

    expect((await v.api('POST', '/webchat/read', { messageId: reply.body.id })).status).toBe(204);
    expect((await agents.next((f) => f.type === 'message.read')).data).toEqual({ conversationId, messageId: reply.body.id, who: 'customer' });
    expect((await v.api('POST', '/webchat/read', { messageId: 'msg_someone_elses' })).status).toBe(404);
    socket.close();
    agents.close();
  });

  it('refuses a WebSocket without a valid session', async () => {
    const socket = await visitorSocket(s, 'wcs_nope');
    expect(socket.frames[0]).toMatchObject({ type: 'error', data: { code: 'UNAUTHENTICATED' } });
    const code = await new Promise((resolve) => socket.ws.once('close', resolve));
    expect(code).toBe(4401);
  });

  it('answers cross-origin preflights so the widget works on any site', async () => {
    const preflight = await fetch(`${s.url}/api/v1/webchat/messages`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const created = await fetch(`${s.url}/api/v1/webchat/${channelId}/sessions`, {
      method: 'POST',
      headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe('*');
    const admin = await fetch(`${s.url}/api/v1/conversations`, { headers: { origin: 'https://shop.example', authorization: `Bearer ${s.adminToken}` } });
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
  });
});
