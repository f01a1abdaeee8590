import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { connectStream, startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const APP_SECRET = 'status-app-secret';
const PHONE_ID = '106540352242922';
const OUR_WAMID = 'wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const waText = (from: string, id: string, body: string) => ({
  object: 'whatsapp_business_account',
  entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_ID }, contacts: [{ wa_id: from, profile: { name: 'Reacting Customer' } }], messages: [{ from, id, timestamp: '1', type: 'text', text: { body } }] } }] }],
});

describe('status callbacks, reactions, read marks and profile names (#14)', () => {
  let s: TestServer;
  let graph: StandIn;
  let whatsappId: string;
  let messengerId: string;
  let agentId: string;
  const signed = (type: string, id: string, raw: string) => postWebhook(s, `/webhooks/${type}/${id}`, raw, { 'x-hub-signature-256': `sha256=${hmac(APP_SECRET, raw, 'hex')}` });

  beforeAll(async () => {
    s = await startTestServer();
    graph = await new StandIn((req) => {
      if (req.method === 'GET') return { status: 200, body: { first_name: 'Peter', last_name: 'Chang', id: req.path.split('/').at(-1) } };
      if (req.path === '/v21.0/me/messages') return { status: 200, body: { recipient_id: '2000000000000088', message_id: 'm_OUT_REACTED' } };
      return { status: 200, body: req.body?.status === 'read' ? { success: true } : { messages: [{ id: OUR_WAMID }] } };
    }).start();
    const meta = { apiBaseUrl: graph.url, appSecret: APP_SECRET, verifyToken: 'v' };
    whatsappId = await createChannel(s, 'whatsapp', { ...meta, phoneNumberId: PHONE_ID, accessToken: 'WA-TOKEN' }, { bot: false });
    messengerId = await createChannel(s, 'messenger', { ...meta, pageAccessToken: 'PAGE-TOKEN' }, { bot: false });
    agentId = await createReadyAgent(s, 'status@example.com');
  });
  afterAll(async () => {
    await s.close();
    await graph.close();
  });

  it('WhatsApp: marks the customer message read, shows delivered then read on our reply, never back, and records a reaction on it', async () => {
    await signed('whatsapp', whatsappId, JSON.stringify(waText('16505559876', 'wamid.CUSTOMER1', 'Is my parcel out?')));
    const markRead = graph.requests.filter((r) => r.body?.status === 'read').at(-1)!;
    expect(markRead.path).toBe(`/v21.0/${PHONE_ID}/messages`);
    expect(markRead.headers.authorization).toBe('Bearer WA-TOKEN');
    expect(markRead.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.CUSTOMER1' });

    const conversationId = await conversationOf(s, whatsappId, 'wamid.CUSTOMER1');
    await runOutboxOnce(s.container.deps);
    const replyId = await agentReply(s, conversationId, 'Yes, today', agentId);
    await runOutboxOnce(s.container.deps);
    const ours = async () => (await messagesOf(s, conversationId)).find((m) => m.id === replyId) as any;
    expect((await ours()).delivery).toBe('sent');

    const stream = await connectStream(s.url, s.adminToken);
    expect((await signed('whatsapp', whatsappId, fixture('whatsapp/status-delivered.json'))).status).toBe(200);
    expect((await stream.next((f) => f.type === 'message.updated' && f.data.id === replyId)).data).toMatchObject({ platform: { receipt: 'delivered' } });
    await signed('whatsapp', whatsappId, fixture('whatsapp/status-read.json'));
    expect((await stream.next((f) => f.type === 'message.updated' && f.data.id === replyId && f.data.platform.receipt === 'read')).data.delivery).toBe('sent');
    await signed('whatsapp', whatsappId, fixture('whatsapp/status-delivered.json')); // late, out of order
    expect((await ours()).platform).toMatchObject({ receipt: 'read', receiptAt: expect.any(String) });

    // Meta's reaction example names OUR_WAMID: the 👍 lands on our reply, no customer message is stored.
    const count = (await messagesOf(s, conversationId)).length;
    expect(await signed('whatsapp', whatsappId, fixture('whatsapp/reaction-message.json'))).toMatchObject({ status: 200, body: { messages: 0 } });
    expect((await ours()).platform.reaction).toBe('👍');
    expect(await messagesOf(s, conversationId)).toHaveLength(count);
    stream.close();
  });

  it('Messenger: names the contact from the profile API, a read watermark marks our replies read, a reaction lands on the message', async () => {
    const raw = JSON.stringify({ object: 'page', entry: [{ id: 'PAGE_ID', time: 1, messaging: [{ sender: { id: '2000000000000088' }, recipient: { id: 'PAGE_ID' }, timestamp: 1, message: { mid: 'm_IN_1', text: 'hi' } }] }] });
    await signed('messenger', messengerId, raw);
    const conversationId = await conversationOf(s, messengerId, 'm_IN_1');
    const profile = graph.requests.find((r) => r.method === 'GET' && r.path === '/v21.0/2000000000000088')!;
    expect(profile.url.searchParams.get('fields')).toBe('first_name,last_name');
    expect(profile.url.searchParams.get('access_token')).toBe('PAGE-TOKEN');
    const conv = await s.api('GET', `/conversations/${conversationId}`);
    expect((await s.api('GET', `/contacts/${conv.body.contactId}`)).body.name).toBe('Peter Chang');

    await runOutboxOnce(s.container.deps);
    const replyId = await agentReply(s, conversationId, 'Hello Peter', agentId);
    await runOutboxOnce(s.container.deps);
    const read = JSON.parse(fixture('messenger/read.json'));
    read.entry[0].messaging[0].read.watermark = s.clock.now() + 1000;
    await signed('messenger', messengerId, JSON.stringify(read));
    const ours = async () => (await messagesOf(s, conversationId)).find((m) => m.id === replyId) as any;
    expect((await ours()).platform).toMatchObject({ receipt: 'read' });

    await signed('messenger', messengerId, fixture('messenger/reaction.json'));
    expect((await ours()).platform.reaction).toBe('❤️');
    const unreact = JSON.parse(fixture('messenger/reaction.json'));
    unreact.entry[0].messaging[0].reaction = { reaction: 'love', action: 'unreact', mid: 'm_OUT_REACTED' };
    await signed('messenger', messengerId, JSON.stringify(unreact));
    expect((await ours()).platform.reaction).toBeUndefined();
  });
});
