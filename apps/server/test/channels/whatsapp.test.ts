import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const APP_SECRET = 'meta-app-secret';
const PHONE_ID = '106540352242922';

/** A Cloud API notification as documented (developers.facebook.com/docs/whatsapp/cloud-api/webhooks). */
function notification(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID }, ...value } }] }],
  };
}
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/whatsapp/${name}`, import.meta.url), 'utf8'));
const inbound = (waId: string, name: string, messages: unknown[]) => notification({ contacts: [{ profile: { name }, wa_id: waId }], messages });
const text = (from: string, id: string, body: string) => ({ from, id, timestamp: '1749416383', type: 'text', text: { body } });

describe('WhatsApp Cloud API channel', () => {
  let s: TestServer;
  let graph: StandIn;
  let channelId: string;
  let agentId: string;
  const send = (body: unknown, secret = APP_SECRET) => {
    const raw = JSON.stringify(body);
    return postWebhook(s, `/webhooks/whatsapp/${channelId}`, raw, { 'x-hub-signature-256': `sha256=${hmac(secret, raw, 'hex')}` });
  };

  beforeAll(async () => {
    s = await startTestServer();
    let n = 0;
    graph = await new StandIn(() => ({ status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: '16505551234', wa_id: '16505551234' }], messages: [{ id: `wamid.OUT${n++}` }] } })).start();
    channelId = await createChannel(s, 'whatsapp', { apiBaseUrl: graph.url, version: 'v21.0', phoneNumberId: PHONE_ID, accessToken: 'EAAJB-token', appSecret: APP_SECRET, verifyToken: 'my-verify-token' }, { bot: false });
    agentId = await createReadyAgent(s, 'wa-agent@example.com');
  });
  afterAll(async () => {
    await s.close();
    await graph.close();
  });

  it('echoes hub.challenge only for the right verify token', async () => {
    const ok = await fetch(`${s.url}/api/v1/webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${s.url}/api/v1/webhooks/whatsapp/${channelId}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    expect(bad.status).toBe(403);
    expect((await fetch(`${s.url}/api/v1/webhooks/whatsapp/ch_unknown?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`)).status).toBe(404);
  });

  it('stores a signed message under the wa_id with the profile name; refuses a bad signature', async () => {
    expect((await send(inbound('16505551234', 'Kerry Fisher', [text('16505551234', 'wamid.IN1', 'Hi there')]))).status).toBe(200);
    const conversationId = await conversationOf(s, channelId, 'wamid.IN1');
    expect((await messagesOf(s, conversationId))[0]!.text).toBe('Hi there');
    const conv = await s.api('GET', `/conversations/${conversationId}`);
    expect((await s.api('GET', `/contacts/${conv.body.contactId}`)).body).toMatchObject({ name: 'Kerry Fisher', identities: [{ externalId: '16505551234' }] });
    const forged = await send(inbound('16505551234', 'K', [text('16505551234', 'wamid.FORGED', 'x')]), 'wrong-secret');
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'INVALID_SIGNATURE' } } });
    expect((await send({ object: 'page', entry: [] })).status).toBe(400);
  });

  it('stores a redelivered wamid once and keeps media as attachments', async () => {
    const body = inbound('16505550000', 'Lee', [
      text('16505550000', 'wamid.DUP', 'once'),
      { from: '16505550000', id: 'wamid.IMG', timestamp: '1', type: 'image', image: { caption: 'the broken part', mime_type: 'image/jpeg', sha256: 'abc', id: '1003383421387256' } },
      { from: '16505550000', id: 'wamid.LOC', timestamp: '1', type: 'location', location: { latitude: 37.48, longitude: -122.14, name: 'Meta HQ', address: '1 Hacker Way' } },
    ]);
    await send(body);
    await send(body);
    const items = await messagesOf(s, await conversationOf(s, channelId, 'wamid.DUP'));
    expect(items.map((m) => m.text)).toEqual(['once', 'the broken part', '[location] Meta HQ 1 Hacker Way']);
    expect(items[1]!.attachments).toEqual([{ type: 'image', platformId: '1003383421387256', contentType: 'image/jpeg', media: 'fetching' }]);
  });

  it('keeps the name and numbers of a shared contact card in the text (#14, finding 6)', async () => {
    expect((await send(fixture('contacts-message.json'))).status).toBe(200);
    const id = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=';
    const message = (await messagesOf(s, await conversationOf(s, channelId, id))).find((m) => m.externalMessageId === id);
    expect(message!.text).toBe('[contact] Barbara J. Johnson +1 (940) 555-1234 +1 (650) 555-1234');
    expect(message!.attachments).toEqual([
      {
        type: 'contact',
        name: 'Barbara J. Johnson',
        phones: [
          { phone: '+1 (940) 555-1234', waId: '19405551234', type: 'HOME' },
          { phone: '+1 (650) 555-1234', type: 'WORK' },
        ],
        emails: ['barbara.johnson@example.com'],
        company: 'Social Tsunami',
      },
    ]);
  });

  it('does not turn a reaction into a customer message or a conversation (#14, finding 6)', async () => {
    const db = s.container.deps.db;
    const before = await db.selectFrom('conversations').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await send(fixture('reaction-message.json'))).toMatchObject({ status: 200, body: { ok: true, messages: 0 } });
    const after = await db.selectFrom('conversations').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const stored = await db.selectFrom('messages').select('id').where('external_id', '=', 'wamid.HBgLMTY1MDUwNzY1MjAVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=').execute();
    expect(stored).toEqual([]);
  });

  it('sends a reply in the Cloud API format and marks it failed when a status says so', async () => {
    await send(inbound('16505551234', 'Kerry Fisher', [text('16505551234', 'wamid.HANDOFF', 'agent')]));
    const conversationId = await conversationOf(s, channelId, 'wamid.HANDOFF');
    const messageId = await agentReply(s, conversationId, 'How can I help?', agentId);
    await runOutboxOnce(s.container.deps);
    const request = graph.to(`/v21.0/${PHONE_ID}/messages`).at(-1)!;
    expect(request.headers.authorization).toBe('Bearer EAAJB-token');
    expect(request.body).toEqual({ messaging_product: 'whatsapp', to: '16505551234', type: 'text', text: { body: 'How can I help?' } });
    const row = await s.container.deps.db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');

    const failed = notification({ statuses: [{ id: row.platform_message_id, status: 'failed', timestamp: '1', recipient_id: '16505551234', errors: [{ code: 131047, title: 'Re-engagement message' }] }] });
    expect((await send(failed)).status).toBe(200);
    expect((await messagesOf(s, conversationId)).find((m) => m.id === messageId)).toMatchObject({ delivery: 'failed', deliveryError: '131047 Re-engagement message' });
  });
});
