import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStream, startTestServer, type TestServer } from '../harness.ts';
import { conversationOf, createChannel, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const SECRET = 'tg-context-secret';
const BOT_TOKEN = '123456:ABC-context';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/telegram/${name}`, import.meta.url), 'utf8');

describe('Telegram edits, button presses, reply-to and forwards (#14)', () => {
  let s: TestServer;
  let tg: StandIn;
  let channelId: string;
  const send = (raw: string) => postWebhook(s, `/webhooks/telegram/${channelId}`, raw, { 'x-telegram-bot-api-secret-token': SECRET });

  beforeAll(async () => {
    s = await startTestServer();
    tg = await new StandIn(() => ({ status: 200, body: { ok: true, result: true } })).start();
    channelId = await createChannel(s, 'telegram', { apiBaseUrl: tg.url, botToken: BOT_TOKEN, secretToken: SECRET });
  });
  afterAll(async () => {
    await s.close();
    await tg.close();
  });

  it('an edited message replaces the stored text, keeps the previous one, and agents see "edited" (Telegram webhook guide examples)', async () => {
    expect((await send(fixture('message.json'))).status).toBe(200);
    const conversationId = await conversationOf(s, channelId, '9999');
    const stream = await connectStream(s.url, s.adminToken);
    expect((await send(fixture('edited-message.json'))).status).toBe(200);
    const updated = await stream.next((f) => f.type === 'message.updated' && f.data.conversationId === conversationId);
    stream.close();
    expect(updated.data).toMatchObject({ text: 'Edited text', platform: { editedAt: expect.any(String), edits: [{ text: '/start' }] } });
    const [stored] = await messagesOf(s, conversationId);
    expect(stored).toMatchObject({ externalMessageId: '9999', text: 'Edited text', platform: { editedAt: expect.any(String), edits: [{ text: '/start' }] } });
    // The same edit again (a redelivery) changes nothing more.
    await send(fixture('edited-message.json'));
    expect(((await messagesOf(s, conversationId))[0] as any).platform.edits).toHaveLength(1);
  });

  it('answers every button press with answerCallbackQuery and keeps the message the button was on', async () => {
    const before = tg.to(`/bot${BOT_TOKEN}/answerCallbackQuery`).length;
    expect((await send(fixture('callback-query.json'))).status).toBe(200);
    const calls = tg.to(`/bot${BOT_TOKEN}/answerCallbackQuery`);
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)!.body).toEqual({ callback_query_id: '4382bfdwdsb323b2d9' });
    const conversationId = await conversationOf(s, channelId, '10002');
    const press = (await messagesOf(s, conversationId)).find((m) => m.externalMessageId === '10002') as any;
    expect(press).toMatchObject({ text: 'Data from button callback', platform: { replyTo: { text: 'Pick a delivery slot' } } });
    // A press without data (a game button) is answered too, and stores nothing.
    const bare = JSON.parse(fixture('callback-query.json'));
    bare.update_id = 10009;
    bare.callback_query.id = 'no-data-press';
    delete bare.callback_query.data;
    expect((await send(JSON.stringify(bare))).status).toBe(200);
    expect(tg.to(`/bot${BOT_TOKEN}/answerCallbackQuery`).at(-1)!.body).toEqual({ callback_query_id: 'no-data-press' });
  });

  it('keeps what a group message replies to, where a forward came from and who spoke', async () => {
    expect((await send(fixture('reply-and-forward.json'))).status).toBe(200);
    const conversationId = await conversationOf(s, channelId, '10003');
    const [m] = await messagesOf(s, conversationId);
    expect(m).toMatchObject({
      text: 'Can it come today?',
      platform: {
        replyTo: { platformId: '-1001234567890:50', text: 'Your order #1234 ships tomorrow.', from: 'Shop bot' },
        forwardedFrom: 'Ken Ito',
        speaker: { id: '2222222', name: 'Hanako Sato' },
      },
    });
    const conv = await s.api('GET', `/conversations/${conversationId}`);
    expect((await s.api('GET', `/contacts/${conv.body.contactId}`)).body.name).toBe('Shop customers');
  });
});
