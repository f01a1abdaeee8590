import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instagramOutbound } from '../../src/channels/instagram/send.ts';
import { messengerOutbound } from '../../src/channels/messenger/send.ts';
import { whatsappOutbound } from '../../src/channels/whatsapp/send.ts';
import type { OutboundAdapter, SendContext } from '../../src/channels/types.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { conversationOf, createChannel, hmac, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

/**
 * Each platform's limits on quick replies (#17), as the stand-in Graph API
 * receives the bot's message: titles cut without losing the value, and more
 * options than buttons fall back to a list, then to numbered text.
 */
const SECRET = 'meta-app-secret';
const LONG = '請問您們的國際運送大概需要多少工作天才會送達呢？'; // 24 characters
const cutTo = (text: string, max: number) =>
  `${Array.from(text)
    .slice(0, max - 1)
    .join('')}…`;
const options = (labels: string[]) => ({ type: 'quick_replies', buttons: labels.map((label, i) => ({ label, value: `opt-${i + 1}` })) });
const numbered = (text: string, labels: string[]) => [text, '', ...labels.map((l, i) => `${i + 1}. ${l}`)].join('\n');
const stores = (n: number) => Array.from({ length: n }, (_, i) => `門市 ${i + 1}`);

describe('quick reply limits on Messenger, Instagram and WhatsApp', () => {
  let s: TestServer;
  let graph: StandIn;
  const conversations: Record<string, { conversationId: string; channel: unknown; config: Record<string, unknown> }> = {};

  /** A real conversation on the channel (the Meta senders look up its messaging window), opened by a signed webhook. */
  async function open(type: string, config: Record<string, unknown>, body: unknown, externalId: string) {
    const channelId = await createChannel(s, type, { apiBaseUrl: graph.url, appSecret: SECRET, verifyToken: 'v', ...config }, { bot: false });
    const raw = JSON.stringify(body);
    expect((await postWebhook(s, `/webhooks/${type}/${channelId}`, raw, { 'x-hub-signature-256': `sha256=${hmac(SECRET, raw, 'hex')}` })).status).toBe(200);
    const channel = await s.container.deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirstOrThrow();
    conversations[type] = { conversationId: await conversationOf(s, channelId, externalId), channel, config: channel.config };
  }

  /** Sends one bot message through the channel's outbound adapter; the bodies the stand-in received. */
  async function sent(type: string, adapter: OutboundAdapter, text: string, attachments: unknown[]) {
    const { conversationId, channel, config } = conversations[type]!;
    const before = graph.requests.length;
    const ctx = {
      deps: s.container.deps,
      channel,
      config,
      secrets: { pageAccessToken: 'EAAPAGE', accessToken: 'TOKEN' },
      recipient: '4242',
      message: { id: 'msg_1', sender: 'bot', text, attachments, platform_meta: {} },
      row: { id: `outbox-${before}`, conversation_id: conversationId, parts_sent: 0, platform_message_id: null },
      partSent: async () => {},
    } as unknown as SendContext;
    await adapter.send(ctx);
    return graph.requests.slice(before).map((r) => r.body);
  }

  beforeAll(async () => {
    s = await startTestServer();
    graph = await new StandIn(() => ({ status: 200, body: { message_id: 'm_OUT', messages: [{ id: 'wamid.OUT' }] } })).start();
    const messaging = (object: string, mid: string) => ({
      object,
      entry: [{ id: '1', time: 1, messaging: [{ sender: { id: '4242' }, recipient: { id: '1' }, timestamp: 1, message: { mid, text: 'hi' } }] }],
    });
    await open('messenger', { version: '21.0' }, messaging('page', 'm_open'), 'm_open');
    await open('instagram', { version: '21.0', instagramAccountId: '17841400000000001' }, messaging('instagram', 'ig_open'), 'ig_open');
    const wa = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [{ field: 'messages', value: { messages: [{ from: '4242', id: 'wamid.OPEN', timestamp: '1', type: 'text', text: { body: 'hi' } }] } }],
        },
      ],
    };
    await open('whatsapp', { version: 'v21.0', phoneNumberId: '1065', markRead: false }, wa, 'wamid.OPEN');
  });
  afterAll(async () => {
    await s.close();
    await graph.close();
  });

  describe.each([
    ['messenger', messengerOutbound],
    ['instagram', instagramOutbound],
  ] as const)('%s (Send API quick_replies)', (type, adapter) => {
    it('cuts a title to 20 characters and keeps the whole value as the payload', async () => {
      const [body] = await sent(type, adapter, 'Which one?', [
        {
          type: 'quick_replies',
          buttons: [
            { label: LONG, value: LONG },
            { label: 'Returns', value: 'returns' },
          ],
        },
      ]);
      expect(body.messaging_type).toBe('RESPONSE');
      expect(body.message).toEqual({
        text: 'Which one?',
        quick_replies: [
          { content_type: 'text', title: cutTo(LONG, 20), payload: LONG },
          { content_type: 'text', title: 'Returns', payload: 'returns' },
        ],
      });
    });

    it('numbers the buttons when two titles would read the same once cut, and lists the options under the text', async () => {
      const labels = [`${LONG}（國內）`, `${LONG}（海外）`];
      const [body] = await sent(type, adapter, 'Which one?', [options(labels)]);
      expect(body.message).toEqual({
        text: numbered('Which one?', labels),
        quick_replies: [
          { content_type: 'text', title: '1', payload: 'opt-1' },
          { content_type: 'text', title: '2', payload: 'opt-2' },
        ],
      });
    });

    it('more than 13 options: no quick_replies, the options numbered in the text', async () => {
      const [body] = await sent(type, adapter, '請選擇門市', [options(stores(14))]);
      expect(body.message).toEqual({ text: numbered('請選擇門市', stores(14)) });
    });
  });

  describe('whatsapp (interactive messages)', () => {
    const send = (text: string, attachments: unknown[]) => sent('whatsapp', whatsappOutbound, text, attachments);

    it('up to three reply buttons: the title cut to 20 characters, the id the whole value', async () => {
      const [body] = await send('Which one?', [
        {
          type: 'quick_replies',
          buttons: [
            { label: LONG, value: LONG },
            { label: 'Returns', value: 'returns' },
          ],
        },
      ]);
      expect(body).toEqual({
        messaging_product: 'whatsapp',
        to: '4242',
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Which one?' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: LONG, title: cutTo(LONG, 20) } },
              { type: 'reply', reply: { id: 'returns', title: 'Returns' } },
            ],
          },
        },
      });
    });

    it('buttons whose cut titles would read the same become a list whose descriptions tell them apart', async () => {
      const labels = [`${LONG}（國內）`, `${LONG}（海外）`];
      const [body] = await send('Which one?', [options(labels)]);
      expect(body.interactive.type).toBe('list');
      expect(body.interactive.action.sections[0].rows).toEqual(labels.map((l, i) => ({ id: `opt-${i + 1}`, title: cutTo(l, 24), description: l })));
    });

    it('four to ten options: a list behind a button named in the message’s language', async () => {
      const [zh] = await send('請選擇門市', [options(stores(10))]);
      expect(zh.interactive).toEqual({
        type: 'list',
        body: { text: '請選擇門市' },
        action: { button: '查看選項', sections: [{ rows: stores(10).map((title, i) => ({ id: `opt-${i + 1}`, title })) }] },
      });
      const [en] = await send('Pick a store', [options(['A', 'B', 'C', 'D'])]);
      expect(en.interactive.action.button).toBe('See options');
    });

    it('more than ten options, or a value too long for an id: plain text with the options numbered', async () => {
      expect(await send('請選擇門市', [options(stores(11))])).toEqual([
        { messaging_product: 'whatsapp', to: '4242', type: 'text', text: { body: numbered('請選擇門市', stores(11)) } },
      ]);
      const long = { type: 'quick_replies', buttons: [{ label: 'Yes', value: 'y'.repeat(257) }] };
      expect((await send('Sure?', [long]))[0].text.body).toBe(numbered('Sure?', ['Yes']));
    });

    it('a text over the 1024 characters of an interactive body goes first as text, the buttons after it', async () => {
      const text = 'a'.repeat(1100);
      const bodies = await send(text, [
        {
          type: 'quick_replies',
          buttons: [
            { label: 'Helpful', value: 'Helpful' },
            { label: 'Not helpful', value: 'Not helpful' },
          ],
        },
      ]);
      expect(bodies.map((b) => b.type)).toEqual(['text', 'interactive']);
      expect(bodies[0].text.body).toBe(text);
      expect(bodies[1].interactive).toMatchObject({ type: 'button', body: { text: 'Please choose:' } });
    });

    it('no quick replies: the text message as before', async () => {
      expect(await send('hello', [])).toEqual([{ messaging_product: 'whatsapp', to: '4242', type: 'text', text: { body: 'hello' } }]);
    });
  });
});
