import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStream, startTestServer, type TestServer } from './harness.ts';

describe('WebSocket stream', () => {
  let s: TestServer;
  let channelId: string;

  beforeAll(async () => {
    s = await startTestServer();
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API' })).body.id;
  });
  afterAll(() => s.close());

  it('sends conversation and message events after the change commits', async () => {
    const stream = await connectStream(s.url, s.adminToken);
    // Check visibility at the moment the frame arrives: the row must already be readable by others.
    const seenOnArrival = new Promise<number>((resolve) => {
      void stream.next((f) => f.type === 'message.created').then(async (frame) => {
        const res = await s.api('GET', `/conversations/${frame.data.conversationId}/messages`);
        resolve(res.body.items.length);
      });
    });
    const res = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'w1' }, text: 'hello stream' });
    const created = await stream.next((f) => f.type === 'conversation.created');
    expect(created.data).toEqual({ id: res.body.conversationId, channelId, contactId: expect.any(String), status: 'bot' });
    const message = await stream.next((f) => f.type === 'message.created');
    expect(message.data).toMatchObject({ conversationId: res.body.conversationId, id: res.body.messageId, sender: 'customer', text: 'hello stream' });
    expect(await seenOnArrival).toBe(1);
    stream.close();
  });

  it('sends nothing for a change that was rolled back', async () => {
    const stream = await connectStream(s.url, s.adminToken);
    const bad = await s.api('POST', '/agents', { name: 'Dup', email: 'dup@example.com' });
    expect(bad.status).toBe(201);
    const again = await s.api('POST', '/agents', { name: 'Dup2', email: 'DUP@example.com' });
    expect(again.status).toBe(409);
    await s.api('PUT', `/agents/${bad.body.id}/presence`, { presence: 'away', reason: 'meal' });
    const presence = await stream.next((f) => f.type === 'agent.presence_changed');
    expect(presence.data).toEqual({ id: bad.body.id, presence: 'away', reason: 'meal' });
    expect(stream.frames.filter((f) => f.type === 'agent.presence_changed')).toHaveLength(1);
    stream.close();
  });

  it('refuses a connection without a valid token', async () => {
    await expect(connectStream(s.url, 'nope')).rejects.toThrow(/4401/);
  });

  it('greets an agent session with its role and id', async () => {
    const agent = await s.api('POST', '/agents', { name: 'A1', email: 'a1@example.com', password: 'password1' });
    const login = await s.api('POST', '/auth/login', { email: 'a1@example.com', password: 'password1' }, null);
    expect(login.status).toBe(200);
    const stream = await connectStream(s.url, login.body.token);
    const hello = await stream.next((f) => f.type === 'hello');
    expect(hello.data).toEqual({ workspaceId: s.workspaceId, role: 'agent', agentId: agent.body.id, cursor: expect.any(Number) });
    stream.close();
  });

  it("carries the agent's typing, and an agent may reply with an image", async () => {
    const direct = (await s.api('POST', '/channels', { type: 'api', name: 'Direct', bot: false })).body.id;
    const agent = (await s.api('POST', '/agents', { name: 'T', email: 't@example.com' })).body.id;
    await s.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    const conv = (await s.api('POST', `/channels/${direct}/inbound`, { contact: { externalId: 'typing' }, text: 'hi' })).body.conversationId;
    const stream = await connectStream(s.url, s.adminToken);
    expect((await s.api('POST', `/conversations/${conv}/typing`, { agentId: agent })).status).toBe(204);
    expect((await stream.next((f) => f.type === 'typing')).data).toEqual({ conversationId: conv, who: 'agent' });
    const image = { type: 'image', url: 'https://example.com/receipt.png' };
    const reply = await s.api('POST', `/conversations/${conv}/messages`, { text: '', attachments: [image], agentId: agent });
    expect(reply.status).toBe(201);
    expect(reply.body.attachments).toEqual([image]);
    const empty = await s.api('POST', `/conversations/${conv}/messages`, { text: ' ', agentId: agent });
    expect(empty.status).toBe(400);
    stream.close();
  });
});
