import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const SECRET = 'tg-secret-token_123';
const BOT_TOKEN = '123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11';

/** Bot API Update objects as documented (core.telegram.org/bots/api#update). */
function update(updateId: number, chatId: number, message: Record<string, unknown>) {
  return {
    update_id: updateId,
    message: {
      message_id: updateId % 1000,
      from: { id: chatId, is_bot: false, first_name: 'Taro', last_name: 'Yamada', username: 'taro', language_code: 'ja' },
      chat: { id: chatId, first_name: 'Taro', last_name: 'Yamada', username: 'taro', type: 'private' },
      date: 1732438800,
      ...message,
    },
  };
}

describe('Telegram channel', () => {
  let s: TestServer;
  let tg: StandIn;
  let channelId: string;
  let agentId: string;
  const send = (body: unknown, secret: string | null = SECRET) =>
    postWebhook(s, `/webhooks/telegram/${channelId}`, JSON.stringify(body), secret ? { 'x-telegram-bot-api-secret-token': secret } : {});
  const reply = (n: number) => ({ status: 200, body: { ok: true, result: { message_id: n, chat: { id: 1 }, date: 1, text: 'x' } } });

  beforeAll(async () => {
    s = await startTestServer();
    let n = 100;
    tg = await new StandIn(() => reply(n++)).start();
    channelId = await createChannel(s, 'telegram', { apiBaseUrl: tg.url, botToken: BOT_TOKEN, secretToken: SECRET }, { bot: false });
    agentId = await createReadyAgent(s, 'tg-agent@example.com');
  });
  afterAll(async () => {
    await s.close();
    await tg.close();
  });

  it('stores a message under the chat id with the sender’s name, and refuses a wrong secret token', async () => {
    expect((await send(update(9001, 111, { text: 'こんにちは' }))).status).toBe(200);
    const [message] = await messagesOf(s, await conversationOf(s, channelId, '9001'));
    expect(message!.text).toBe('こんにちは');
    const identity = await s.container.deps.db.selectFrom('contact_identities').innerJoin('contacts', 'contacts.id', 'contact_identities.contact_id').select(['external_id', 'name']).where('channel_id', '=', channelId).execute();
    expect(identity).toEqual([{ external_id: '111', name: 'Taro Yamada' }]);

    const wrong = await send(update(9002, 111, { text: 'forged' }), 'wrong-token');
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'INVALID_SIGNATURE' } } });
    expect((await send(update(9003, 111, { text: 'forged' }), null)).status).toBe(401);
    expect((await send({ update_id: 'x' })).status).toBe(400);
  });

  it('stores a redelivered update once (same update_id)', async () => {
    const body = update(9100, 222, { text: 'just once' });
    await send(body);
    await send(body);
    expect(await messagesOf(s, await conversationOf(s, channelId, '9100'))).toHaveLength(1);
  });

  it('keeps photos, stickers, documents and locations as attachments', async () => {
    await send(update(9200, 333, { photo: [{ file_id: 'small', file_unique_id: 'a', width: 90, height: 90 }, { file_id: 'large', file_unique_id: 'b', width: 1280, height: 1280 }], caption: 'my receipt' }));
    await send(update(9201, 333, { sticker: { file_id: 'CAACAgIAAxk', file_unique_id: 's', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: '😀' } }));
    await send(update(9202, 333, { document: { file_id: 'BQACAgIAAxk', file_unique_id: 'd', file_name: 'invoice.pdf', mime_type: 'application/pdf' } }));
    await send(update(9203, 333, { location: { latitude: 25.033, longitude: 121.5654 } }));
    const items = await messagesOf(s, await conversationOf(s, channelId, '9200'));
    expect(items.map((m) => m.text)).toEqual(['my receipt', '[sticker] 😀', '[file]', '[location]']);
    expect(items.map((m) => m.attachments[0])).toEqual([
      { type: 'image', platformId: 'large', media: 'fetching' },
      { type: 'sticker', platformId: 'CAACAgIAAxk', emoji: '😀', media: 'fetching' },
      { type: 'file', platformId: 'BQACAgIAAxk', filename: 'invoice.pdf', contentType: 'application/pdf', media: 'fetching' },
      { type: 'location', latitude: 25.033, longitude: 121.5654 },
    ]);
  });

  it('retries with backoff after the Bot API fails twice, then sends once', async () => {
    await send(update(9300, 444, { text: 'agent' }));
    const conversationId = await conversationOf(s, channelId, '9300');
    const messageId = await agentReply(s, conversationId, 'On it!', agentId);
    const sent = () => tg.to(`/bot${BOT_TOKEN}/sendMessage`).filter((r) => r.body.chat_id === '444');
    tg.failNext(2, 502);
    expect(await runOutboxOnce(s.container.deps)).toBe(1);
    expect((await messagesOf(s, conversationId)).find((m) => m.id === messageId)).toMatchObject({ delivery: 'pending', deliveryError: expect.stringContaining('502') });
    expect(await runOutboxOnce(s.container.deps)).toBe(0); // not due before its backoff
    s.clock.advance(2000);
    expect(await runOutboxOnce(s.container.deps)).toBe(1);
    s.clock.advance(3999);
    expect(await runOutboxOnce(s.container.deps)).toBe(0);
    s.clock.advance(1);
    expect(await runOutboxOnce(s.container.deps)).toBe(1);
    expect(sent()).toHaveLength(3);
    expect(sent().at(-1)!.body).toEqual({ chat_id: '444', text: 'On it!' });
    const row = await s.container.deps.db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', attempts: 3, platform_message_id: expect.any(String), last_error: null });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === messageId)).toMatchObject({ delivery: 'sent', deliveryError: null });
    s.clock.advance(3_600_000);
    expect(await runOutboxOnce(s.container.deps)).toBe(0);
    expect(sent()).toHaveLength(3);
  });

  it('marks a reply failed at once when the Bot API refuses it (400), without retrying', async () => {
    await send(update(9400, 555, { text: 'agent' }));
    const conversationId = await conversationOf(s, channelId, '9400');
    const messageId = await agentReply(s, conversationId, 'Hello?', agentId);
    tg.failNext(1, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    await runOutboxOnce(s.container.deps);
    const message = (await messagesOf(s, conversationId)).find((m) => m.id === messageId)!;
    expect(message.delivery).toBe('failed');
    // The platform's prose stays in the log: agents read our text (issue #11, finding 9).
    expect(message.deliveryError).toBe('HTTP_400: the platform answered 400 (platform error 400)');
    s.clock.advance(3_600_000);
    expect(await runOutboxOnce(s.container.deps)).toBe(0);
  });
});
