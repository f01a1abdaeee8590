import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApi, startTestServer, type TestServer } from '../harness.ts';
import { createChannel, createReadyAgent } from './support/flows.ts';
import { startVisitor, visitorSocket } from './support/visitor.ts';

/** What the widget needs from a webchat channel: its greeting and pre-chat form, agents' names, and "End chat". */
describe('web chat for the widget', () => {
  let s: TestServer;
  let plain: string;
  let withForm: string;
  const anon = () => makeApi(s.url, null);

  beforeAll(async () => {
    s = await startTestServer();
    plain = await createChannel(s, 'webchat', {});
    withForm = await createChannel(s, 'webchat', {
      greeting: { en: 'Hi! Ask us anything.', ja: 'こんにちは！' },
      preChat: { name: 'required', email: 'optional' },
    });
  });
  afterAll(() => s.close());

  it("publishes a channel's greeting and pre-chat fields, and nothing of a malformed or foreign config", async () => {
    expect((await anon()('GET', `/webchat/${withForm}/settings`)).body).toEqual({
      greeting: { en: 'Hi! Ask us anything.', ja: 'こんにちは！' },
      preChat: { name: 'required', email: 'optional' },
    });
    expect((await anon()('GET', `/webchat/${plain}/settings`)).body).toEqual({ greeting: null, preChat: null });
    const odd = await createChannel(s, 'webchat', { greeting: 42, preChat: { name: 'always' }, webhookSecret: 'x' });
    expect((await anon()('GET', `/webchat/${odd}/settings`)).body).toEqual({ greeting: null, preChat: null });
    const api = await createChannel(s, 'api', {});
    expect((await anon()('GET', `/webchat/${api}/settings`)).status).toBe(404);
  });

  it('names the contact from the pre-chat form and keeps the email as an attribute; a required field is enforced', async () => {
    const refused = await anon()('POST', `/webchat/${withForm}/sessions`, { email: 'kei@example.jp' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('name') });
    expect((await anon()('POST', `/webchat/${withForm}/sessions`, { name: 'Kei', email: 'not an email' })).status).toBe(400);

    const v = await startVisitor(s, withForm, 'Kei Tanaka', 'kei@example.jp');
    const contact = await s.api('GET', `/contacts/${v.contactId}`);
    expect(contact.body).toMatchObject({ name: 'Kei Tanaka', attributes: { email: 'kei@example.jp' } });
    const noEmail = await startVisitor(s, withForm, 'Ann');
    expect((await s.api('GET', `/contacts/${noEmail.contactId}`)).body.attributes).toEqual({});
  });

  it('ends a queued chat as abandoned, and says so when there is nothing to end', async () => {
    const v = await startVisitor(s, plain);
    expect((await v.api('POST', '/webchat/end')).body).toEqual({ conversationId: null, ended: false });
    await v.api('POST', '/webchat/messages', { text: 'hello' });
    const queued = await v.api('POST', '/webchat/messages', { text: 'agent' });
    expect(queued.body.status).toBe('waiting');
    const socket = await visitorSocket(s, v.token);
    expect((await v.api('POST', '/webchat/end')).body).toEqual({ conversationId: queued.body.conversationId, ended: true });
    const closed = await socket.next((f) => f.type === 'conversation.status_changed');
    expect(closed.data).toMatchObject({ from: 'waiting', to: 'completed', reason: 'abandoned' });
    expect((await s.api('GET', `/conversations/${queued.body.conversationId}`)).body).toMatchObject({ status: 'completed', closeReason: 'abandoned' });
    socket.close();
  });

  it("shows agents' names on their replies, live and after a reload, and frees the agent when the customer ends the chat", async () => {
    const agentId = await createReadyAgent(s, 'mei.lin@example.com');
    await s.api('PATCH', `/agents/${agentId}`, { name: 'Mei Lin' });
    const v = await startVisitor(s, plain);
    const socket = await visitorSocket(s, v.token);
    await v.api('POST', '/webchat/messages', { text: 'hello' });
    const handed = await v.api('POST', '/webchat/messages', { text: 'agent' });
    expect(handed.body.status).toBe('processing');
    const conversationId = handed.body.conversationId;
    await s.api('POST', `/conversations/${conversationId}/messages`, { text: 'Hi, Mei here', agentId });
    const pushed = await socket.next((f) => f.type === 'message.created' && f.data.sender === 'agent');
    expect(pushed.data).toMatchObject({ text: 'Hi, Mei here', agentName: 'Mei Lin', createdAt: expect.any(String) });
    expect(pushed.data).not.toHaveProperty('agentId');
    const state = await v.api('GET', '/webchat/session');
    expect(state.body.messages.find((m: any) => m.sender === 'agent')).toMatchObject({ agentName: 'Mei Lin' });
    expect(state.body.messages.find((m: any) => m.sender === 'customer')).not.toHaveProperty('agentName');

    expect((await v.api('POST', '/webchat/end')).body).toEqual({ conversationId, ended: true });
    expect((await socket.next((f) => f.type === 'conversation.status_changed' && f.data.to === 'completed')).data.reason).toBe('closed_by_customer');
    const routing = await s.api('GET', '/routing');
    expect(routing.body.agents.find((a: any) => a.id === agentId).load).toBe(0);
    expect((await s.api('GET', `/conversations/${conversationId}`)).body).toMatchObject({ status: 'completed', closeReason: 'closed_by_customer' });
    expect((await v.api('POST', '/webchat/end')).body).toEqual({ conversationId: null, ended: false });
    socket.close();
  });
});
