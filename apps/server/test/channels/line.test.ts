import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { connectStream, startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const SECRET = 'line-channel-secret';
const USER = 'U4af4980629a7d0e8e3a1b0c0d0e0f0a1';

/** A Messaging API webhook event as documented (developers.line.biz, "Webhook event objects"). */
function event(overrides: Record<string, unknown>) {
  return {
    type: 'message',
    mode: 'active',
    timestamp: 1462629479859,
    source: { type: 'user', userId: USER },
    webhookEventId: '01FZ74A0TDDPYRVKNK77XKC3ZR',
    deliveryContext: { isRedelivery: false },
    replyToken: '757913772c4646b784d4b7ce46d12671',
    message: { id: '444573844083572737', type: 'text', quoteToken: 'q3Plxr4AgKd...', text: 'Hello, world' },
    ...overrides,
  };
}
const fixture = (name: string) => readFileSync(new URL(`./fixtures/line/${name}`, import.meta.url), 'utf8');
const payload = (...events: unknown[]) => JSON.stringify({ destination: 'xxxxxxxxxx', events });

describe('LINE channel', () => {
  let s: TestServer;
  let line: StandIn;
  let channelId: string;
  const send = (body: string, signature = hmac(SECRET, body, 'base64'), id = channelId) =>
    postWebhook(s, `/webhooks/line/${id}`, body, { 'x-line-signature': signature });

  beforeAll(async () => {
    s = await startTestServer();
    line = await new StandIn((req) =>
      req.path.startsWith('/v2/bot/profile/') ? { status: 200, body: { displayName: 'Brown', userId: USER, language: 'en' } } : { status: 200, body: { sentMessages: [{ id: '461230966842064897', quoteToken: 'IStG5h1Tz7b...' }] } },
    ).start();
    channelId = await createChannel(s, 'line', { apiBaseUrl: line.url, channelSecret: SECRET, channelAccessToken: 'line-access-token' }, { bot: false });
  });
  afterAll(async () => {
    await s.close();
    await line.close();
  });

  it('stores a signed text message under the LINE user, named from the profile API', async () => {
    const res = await send(payload(event({})));
    expect(res.status).toBe(200);
    const conversationId = await conversationOf(s, channelId, '444573844083572737');
    const [message] = await messagesOf(s, conversationId);
    expect(message).toMatchObject({ sender: 'customer', text: 'Hello, world' });
    const conv = await s.api('GET', `/conversations/${conversationId}`);
    const contact = await s.api('GET', `/contacts/${conv.body.contactId}`);
    expect(contact.body).toMatchObject({ name: 'Brown', identities: [{ channelId, externalId: USER }] });
  });

  it('refuses a wrong or missing signature with 401 INVALID_SIGNATURE and stores nothing', async () => {
    const body = payload(event({ message: { id: 'forged-1', type: 'text', text: 'forged' } }));
    const wrong = await send(body, hmac('not-the-secret', body, 'base64'));
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_SIGNATURE');
    const missing = await postWebhook(s, `/webhooks/line/${channelId}`, body, {});
    expect(missing.status).toBe(401);
    const stored = await s.container.deps.db.selectFrom('messages').select('id').where('external_id', '=', 'forged-1').execute();
    expect(stored).toEqual([]);
  });

  it('answers 404 for an unknown channel or a channel of another type, 400 for a body it cannot read', async () => {
    expect((await send(payload(), undefined, 'ch_nope')).status).toBe(404);
    const telegramId = await createChannel(s, 'telegram', { secretToken: 'x' });
    expect((await send(payload(), undefined, telegramId)).status).toBe(404);
    const notJson = await send('{"events": [');
    expect(notJson.status).toBe(400);
    const wrongShape = await send(JSON.stringify({ events: 'nope' }));
    expect(wrongShape.status).toBe(400);
    expect((await send(payload())).status).toBe(200); // LINE's "Verify" button sends no events
    // The raw bytes are what is signed, whatever content-type (or none) the request claims.
    const body = payload();
    const bare = await fetch(`${s.url}/api/v1/webhooks/line/${channelId}`, { method: 'POST', headers: { 'x-line-signature': hmac(SECRET, body, 'base64') }, body: new TextEncoder().encode(body) });
    expect(bare.status).toBe(200);
  });

  it('stores a redelivered event once', async () => {
    const first = event({ webhookEventId: '01GREDELIVERY00000000000000', message: { id: '500000000000000001', type: 'text', text: 'only once' } });
    const again = { ...first, deliveryContext: { isRedelivery: true } };
    expect((await send(payload(first))).status).toBe(200);
    expect((await send(payload(again))).status).toBe(200);
    const conversationId = await conversationOf(s, channelId, '500000000000000001');
    expect((await messagesOf(s, conversationId)).filter((m) => m.text === 'only once')).toHaveLength(1);
  });

  it('keeps stickers, images and locations as typed attachments with a readable fallback; postbacks as text', async () => {
    const user = 'U000000000000000000000000000sticker';
    const source = { type: 'user', userId: user };
    const body = payload(
      event({ source, message: { id: '600000000000000001', type: 'sticker', packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC' } }),
      event({ source, message: { id: '600000000000000002', type: 'image', contentProvider: { type: 'line' } } }),
      event({ source, message: { id: '600000000000000003', type: 'location', title: 'Tokyo Tower', address: 'Minato, Tokyo', latitude: 35.6586, longitude: 139.7454 } }),
      { type: 'follow', mode: 'active', timestamp: 1, source, webhookEventId: '01GFOLLOW', deliveryContext: { isRedelivery: false }, replyToken: 'r', follow: { isUnblocked: false } },
      { type: 'postback', mode: 'active', timestamp: 2, source, webhookEventId: '01GPOSTBACK', deliveryContext: { isRedelivery: false }, replyToken: 'r', postback: { data: 'action=buy&itemid=111' } },
    );
    expect((await send(body)).status).toBe(200);
    const all = await messagesOf(s, await conversationOf(s, channelId, '600000000000000001'));
    // The handoff's waiting message (R12) is the channel's too; the customer's messages are what this is about.
    expect(all.filter((m) => m.sender === 'system').map((m) => m.text)).toEqual([expect.stringMatching(/^You are number \d+ in the queue/)]);
    const items = all.filter((m) => m.sender === 'customer');
    expect(items.map((m) => m.text)).toEqual(['[sticker]', '[image]', '[location] Tokyo Tower Minato, Tokyo', 'action=buy&itemid=111']);
    expect(items[0]!.attachments).toEqual([{ type: 'sticker', platformId: '446/1988', packageId: '446', stickerId: '1988' }]);
    expect(items[1]!.attachments).toEqual([{ type: 'image', platformId: '600000000000000002', media: 'fetching' }]);
    expect(items[2]!.attachments[0]).toMatchObject({ type: 'location', latitude: 35.6586, longitude: 139.7454 });
  });

  it('keeps the date/time picker answer (postback.params) with the postback data (#14, finding 5)', async () => {
    expect((await send(fixture('postback-datetime.json'))).status).toBe(200);
    // The customer's side only: a handoff now also sends the waiting message (R12).
    const items = (await messagesOf(s, await conversationOf(s, channelId, '01FZ74A0TDDPYRVKNK77XKC3ZR'))).filter((m) => m.sender === 'customer');
    expect(items.map((m) => m.text)).toEqual(['storeId=12345\ndatetime: 2017-12-25T01:00', 'action=pickdate\ndate: 2017-12-25', 'action=picktime\ntime: 01:00']);
    expect(items[0]!.attachments).toEqual([{ type: 'postback', data: 'storeId=12345', params: { datetime: '2017-12-25T01:00' } }]);
  });

  it('stores a postback without webhookEventId (payloads from before 2021) once, under a stable id (#14, finding 7)', async () => {
    const body = fixture('postback-before-2021.json');
    expect(await send(body)).toMatchObject({ status: 200, body: { messages: 1 } });
    expect((await send(body)).status).toBe(200);
    const rows = await s.container.deps.db.selectFrom('messages').select(['text', 'external_id']).where('channel_id', '=', channelId).where('text', '=', 'action=buy&itemid=123').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.external_id).toMatch(/^postback-[0-9a-f]{32}$/);
  });

  it("pushes an agent's reply to the Messaging API and marks it sent", async () => {
    const agentId = await createReadyAgent(s, 'line-agent@example.com');
    const user = 'U0000000000000000000000000000reply';
    const msg = (id: string, text: string) => event({ source: { type: 'user', userId: user }, webhookEventId: `evt-${id}`, message: { id, type: 'text', text } });
    await send(payload(msg('700000000000000001', 'agent')));
    const conversationId = await conversationOf(s, channelId, '700000000000000001');
    expect((await s.api('GET', `/conversations/${conversationId}`)).body).toMatchObject({ status: 'processing', assigneeId: agentId });

    await runOutboxOnce(s.container.deps); // earlier conversations' waiting messages (R12)
    const stream = await connectStream(s.url, s.adminToken);
    s.clock.advance(60_000); // past the reply token's minute: a push (line-reply.test.ts covers the Reply API)
    const messageId = await agentReply(s, conversationId, 'Hi, this is Ann', agentId);
    expect(await runOutboxOnce(s.container.deps)).toBe(1);
    const push = line.to('/v2/bot/message/push').at(-1)!;
    expect(push.headers.authorization).toBe('Bearer line-access-token');
    expect(push.headers['x-line-retry-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(push.body).toEqual({ to: user, messages: [{ type: 'text', text: 'Hi, this is Ann' }] });
    const changed = await stream.next((f) => f.type === 'message.delivery_changed' && f.data.id === messageId);
    expect(changed.data).toMatchObject({ conversationId, delivery: 'sent', error: null });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === messageId)!.delivery).toBe('sent');
    stream.close();
  });
});
