import { HOUR_MS } from '@switchboard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const APP_SECRET = 'windows-app-secret';
const PHONE_ID = '106540352242922';
const wa = (from: string, id: string, body: string) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_ID }, contacts: [{ wa_id: from, profile: { name: 'Kerry' } }], messages: [{ from, id, timestamp: '1', type: 'text', text: { body } }] } }] }],
});
const fb = (psid: string, mid: string, text: string) => ({ object: 'page', entry: [{ id: 'PAGE', time: 1, messaging: [{ sender: { id: psid }, recipient: { id: 'PAGE' }, timestamp: 1, message: { mid, text } }] }] });

describe('messaging windows and WhatsApp templates (#14)', () => {
  let s: TestServer;
  let graph: StandIn;
  let whatsappId: string;
  let messengerId: string;
  let agentId: string;
  const signed = (type: string, id: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return postWebhook(s, `/webhooks/${type}/${id}`, raw, { 'x-hub-signature-256': `sha256=${hmac(APP_SECRET, raw, 'hex')}` });
  };

  beforeAll(async () => {
    s = await startTestServer();
    let n = 0;
    graph = await new StandIn(() => ({ status: 200, body: { messages: [{ id: `wamid.W${n++}` }], message_id: `m_W${n++}`, success: true } })).start();
    const meta = { apiBaseUrl: graph.url, appSecret: APP_SECRET, verifyToken: 'v' };
    whatsappId = await createChannel(s, 'whatsapp', { ...meta, phoneNumberId: PHONE_ID, accessToken: 'WA-TOKEN' }, { bot: false });
    messengerId = await createChannel(s, 'messenger', { ...meta, pageAccessToken: 'PAGE-TOKEN' }, { bot: false });
    agentId = await createReadyAgent(s, 'windows@example.com');
  });
  afterAll(async () => {
    await s.close();
    await graph.close();
  });

  it('WhatsApp: free text within 24 hours; after that 409 REPLY_WINDOW_CLOSED, nothing stored, and a template goes out instead', async () => {
    await signed('whatsapp', whatsappId, wa('16505550001', 'wamid.WIN1', 'Where is my order?'));
    const conversationId = await conversationOf(s, whatsappId, 'wamid.WIN1');
    await agentReply(s, conversationId, 'Checking now', agentId);
    expect((await s.api('GET', `/conversations/${conversationId}/reply-window`)).body).toMatchObject({ channelType: 'whatsapp', state: 'open', humanAgentUntil: null });

    s.clock.advance(24 * HOUR_MS);
    const before = (await messagesOf(s, conversationId)).length;
    const refused = await s.api('POST', `/conversations/${conversationId}/messages`, { text: 'Still there?', agentId });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'REPLY_WINDOW_CLOSED', details: { state: 'template_only' } });
    expect(await messagesOf(s, conversationId)).toHaveLength(before);

    // Templates are listed per channel by an admin, with one parameter per {{n}}.
    const bad = await s.api('POST', `/channels/${whatsappId}/templates`, { name: 'order_update', language: 'en_US', body: 'Hi {{1}}, order {{2}} shipped.', parameters: [{ name: 'name' }] });
    expect(bad.status).toBe(400);
    const created = await s.api('POST', `/channels/${whatsappId}/templates`, {
      name: 'order_update',
      language: 'en_US',
      body: 'Hi {{1}}, order {{2}} has shipped.',
      parameters: [{ name: 'customer name', example: 'Kerry' }, { name: 'order number', example: '#1234' }],
    });
    expect(created.status).toBe(201);
    expect((await s.api('POST', `/channels/${messengerId}/templates`, { name: 'x', language: 'en', body: 'x' })).status).toBe(400);
    const window = await s.api('GET', `/conversations/${conversationId}/reply-window`);
    expect(window.body).toMatchObject({ state: 'template_only', templates: [{ id: created.body.id, name: 'order_update', parameters: [{ name: 'customer name' }, { name: 'order number' }] }] });

    expect((await s.api('POST', `/conversations/${conversationId}/template-messages`, { templateId: created.body.id, parameters: ['Kerry'], agentId })).status).toBe(400);
    const sent = await s.api('POST', `/conversations/${conversationId}/template-messages`, { templateId: created.body.id, parameters: ['Kerry', '#1234'], agentId });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ sender: 'agent', text: 'Hi Kerry, order #1234 has shipped.', platform: { template: { name: 'order_update', language: 'en_US', parameters: ['Kerry', '#1234'] } } });
    await runOutboxOnce(s.container.deps);
    await runOutboxOnce(s.container.deps);
    const request = graph.requests.filter((r) => r.path === `/v21.0/${PHONE_ID}/messages` && r.body?.type === 'template').at(-1)!;
    expect(request.headers.authorization).toBe('Bearer WA-TOKEN');
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      to: '16505550001',
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kerry' }, { type: 'text', text: '#1234' }] }] },
    });
    // The customer answers: free text is possible again.
    await signed('whatsapp', whatsappId, wa('16505550001', 'wamid.WIN2', 'Thanks!'));
    expect((await s.api('GET', `/conversations/${conversationId}/reply-window`)).body.state).toBe('open');
  });

  it('WhatsApp: an agent cannot start a conversation with free text (there is no window yet)', async () => {
    const res = await s.api('POST', '/conversations', { channelId: whatsappId, contact: { externalId: '16505559999' }, text: 'Hello', agentId });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('REPLY_WINDOW_CLOSED');
  });

  it('Messenger: RESPONSE inside 24 hours, HUMAN_AGENT until 7 days, then refused', async () => {
    await signed('messenger', messengerId, fb('2000000000000077', 'm_WIN1', 'hello'));
    const conversationId = await conversationOf(s, messengerId, 'm_WIN1');
    await runOutboxOnce(s.container.deps);
    const first = await agentReply(s, conversationId, 'Hi!', agentId);
    await runOutboxOnce(s.container.deps);
    const sendApi = () => graph.requests.filter((r) => r.path === '/v21.0/me/messages');
    expect(sendApi().at(-1)!.body).toEqual({ recipient: { id: '2000000000000077' }, messaging_type: 'RESPONSE', message: { text: 'Hi!' } });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === first)).toMatchObject({ platform: { messagingTag: 'RESPONSE' } });

    s.clock.advance(30 * HOUR_MS);
    expect((await s.api('GET', `/conversations/${conversationId}/reply-window`)).body).toMatchObject({ state: 'human_agent' });
    const late = await agentReply(s, conversationId, 'Sorry for the delay', agentId);
    await runOutboxOnce(s.container.deps);
    expect(sendApi().at(-1)!.body).toEqual({ recipient: { id: '2000000000000077' }, messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Sorry for the delay' } });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === late)).toMatchObject({ delivery: 'sent', platform: { messagingTag: 'HUMAN_AGENT' } });

    s.clock.advance(7 * 24 * HOUR_MS);
    const refused = await s.api('POST', `/conversations/${conversationId}/messages`, { text: 'Hello?', agentId });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'REPLY_WINDOW_CLOSED', details: { state: 'closed' } });
  });
});
