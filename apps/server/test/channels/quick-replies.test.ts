import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineOutbound } from '../../src/channels/line/send.ts';
import { telegramOutbound } from '../../src/channels/telegram/send.ts';
import type { SendContext } from '../../src/channels/types.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { StandIn } from './support/stand-in.ts';

/**
 * The bot's quick replies (helpful / not helpful, the clarifying question's
 * two articles) reach LINE and Telegram in each platform's format (#17):
 * before, both channels sent the text alone and customers never saw them.
 */
const FEEDBACK = { type: 'quick_replies', buttons: [{ label: '有幫助', value: '有幫助' }, { label: '沒有幫助', value: '沒有幫助' }] };
const LONG = '請問您們的國際運送大概需要多少工作天才會送達呢？';
const CLARIFY = { type: 'quick_replies', buttons: [{ label: LONG, value: LONG }, { label: '如何申請退貨？', value: '如何申請退貨？' }] };

describe('quick replies on LINE and Telegram', () => {
  let s: TestServer;
  let platform: StandIn;
  beforeAll(async () => {
    s = await startTestServer();
    platform = await new StandIn(() => ({ status: 200, body: { ok: true, result: { message_id: 7 }, sentMessages: [{ id: 'l1', quoteToken: 'q' }] } })).start();
  });
  afterAll(async () => {
    await s.close();
    await platform.close();
  });

  const ctx = (text: string, attachments: unknown[]): SendContext =>
    ({
      deps: s.container.deps,
      channel: {},
      config: { apiBaseUrl: platform.url },
      secrets: { botToken: 'tg-token', channelAccessToken: 'line-token', accessToken: 'line-token' },
      recipient: '4242',
      message: { id: 'm1', text, attachments },
      row: { id: 'outbox-1', parts_sent: 0, platform_message_id: null },
      partSent: async () => {},
    }) as unknown as SendContext;
  const last = () => platform.requests[platform.requests.length - 1]!;

  it('Telegram: an inline keyboard, one button per row, the value as callback_data', async () => {
    await telegramOutbound.send(ctx('一年保固。', [FEEDBACK]));
    expect(last().path).toBe('/bottg-token/sendMessage');
    expect(last().body).toEqual({
      chat_id: '4242',
      text: '一年保固。',
      reply_markup: { inline_keyboard: [[{ text: '有幫助', callback_data: '有幫助' }], [{ text: '沒有幫助', callback_data: '沒有幫助' }]] },
    });
  });

  it('Telegram: a value over 64 bytes (a long article question) becomes a one-time reply keyboard', async () => {
    await telegramOutbound.send(ctx('請問您想問的是哪一個？', [CLARIFY]));
    expect(last().body.reply_markup).toEqual({ keyboard: [[{ text: LONG }], [{ text: '如何申請退貨？' }]], one_time_keyboard: true, resize_keyboard: true });
  });

  it('Telegram: no quick replies, no reply_markup', async () => {
    await telegramOutbound.send(ctx('hello', []));
    expect(last().body).toEqual({ chat_id: '4242', text: 'hello' });
  });

  it('LINE: quick reply message actions on the message, labels cut to 20 characters, the full value as text', async () => {
    await lineOutbound.send(ctx('請問您想問的是哪一個？', [CLARIFY]));
    expect(last().path).toBe('/v2/bot/message/push');
    expect(last().body).toEqual({
      to: '4242',
      messages: [
        {
          type: 'text',
          text: '請問您想問的是哪一個？',
          quickReply: {
            items: [
              { type: 'action', action: { type: 'message', label: `${Array.from(LONG).slice(0, 19).join('')}…`, text: LONG } },
              { type: 'action', action: { type: 'message', label: '如何申請退貨？', text: '如何申請退貨？' } },
            ],
          },
        },
      ],
    });
  });

  it('LINE: more than 13 options cannot be quick reply buttons: they are listed, numbered, under the text', async () => {
    const many = { type: 'quick_replies', buttons: Array.from({ length: 14 }, (_, i) => ({ label: `門市 ${i + 1}`, value: `store-${i + 1}` })) };
    await lineOutbound.send(ctx('請選擇門市', [many]));
    const [message] = last().body.messages;
    expect(message.quickReply).toBeUndefined();
    expect(message.text).toBe(['請選擇門市', '', ...many.buttons.map((b, i) => `${i + 1}. ${b.label}`)].join('\n'));
  });

  it('LINE: two labels that read the same once cut are numbered buttons, the options listed, numbered, under the text', async () => {
    const labels = [`${LONG}（國內）`, `${LONG}（海外）`];
    const twins = { type: 'quick_replies', buttons: labels.map((label, i) => ({ label, value: `opt-${i + 1}` })) };
    await lineOutbound.send(ctx('請問您想問的是哪一個？', [twins]));
    const [message] = last().body.messages;
    expect(message.text).toBe(['請問您想問的是哪一個？', '', `1. ${labels[0]}`, `2. ${labels[1]}`].join('\n'));
    expect(message.quickReply.items).toEqual([
      { type: 'action', action: { type: 'message', label: '1', text: 'opt-1' } },
      { type: 'action', action: { type: 'message', label: '2', text: 'opt-2' } },
    ]);
  });

  it('LINE: no quick replies, the message as before', async () => {
    await lineOutbound.send(ctx('hello', []));
    expect(last().body).toEqual({ to: '4242', messages: [{ type: 'text', text: 'hello' }] });
  });
});
