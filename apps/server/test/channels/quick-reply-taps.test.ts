import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalArticles } from '../../../../bench/knowledge/eval-set.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { scriptCallsSettled } from '../bot-support.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { conversationOf, createChannel, hmac, messagesOf, postWebhook, whatsappInbound } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

/**
 * A tap on the bot's quick replies reaches the bot as the chosen option on
 * Messenger and WhatsApp (#17): the platforms' webhooks as documented
 * (Messenger `message.quick_reply.payload`; Cloud API `interactive`
 * `button_reply` / `list_reply`), the bot's buttons as the stand-in Graph API
 * received them. Mail's numbered replies: quick-reply-mail.test.ts.
 */
const APP_SECRET = 'meta-app-secret';
const PAGE_ID = '106540352242922';
const PHONE_ID = '106540352242923';
const question = (id: string) => evalArticles().find((a) => a.id === id)!.question;
const answer = (id: string) => evalArticles().find((a) => a.id === id)!.answer;
/** Warranty or damaged on arrival: both articles match, too close to tell apart (bot-knowledge-paraphrase.test.ts). */
const AMBIGUOUS = '壞掉可以免費修嗎';

describe('quick reply taps on Messenger and WhatsApp', () => {
  let s: TestServer;
  let graph: StandIn;
  const articleIds: Record<string, string> = {};
  let n = 0;
  const signed = (path: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return postWebhook(s, path, raw, { 'x-hub-signature-256': `sha256=${hmac(APP_SECRET, raw, 'hex')}` });
  };
  /** What the newest send to this recipient carried, after the outbox ran (other conversations' queue messages go out too). */
  const lastSend = async (path: string, recipient: string) => {
    await runOutboxOnce(s.container.deps);
    return graph
      .to(path)
      .filter((r) => (r.body.to ?? r.body.recipient?.id) === recipient)
      .at(-1)!.body;
  };
  /** Feedback counts are written after the answer, off the request (bot/knowledge-signals.ts): wait for that first. */
  const notHelpfulCount = async (articleId: string) => {
    await scriptCallsSettled(s);
    return (await s.api('GET', '/knowledge/articles')).body.items.find((a: any) => a.id === articleId).notHelpful;
  };
  const botReplies = async (conversationId: string) =>
    (await s.api('GET', `/conversations/${conversationId}/events`)).body.items.filter((e: any) => e.type === 'bot_reply');

  beforeAll(async () => {
    s = await startTestServer();
    graph = await new StandIn(() => ({ status: 200, body: { recipient_id: 'x', message_id: `m_OUT${n}`, messages: [{ id: `wamid.OUT${n++}` }] } })).start();
    for (const { id, ...article } of evalArticles()) articleIds[id] = (await s.api('POST', '/knowledge/articles', article)).body.id;
  });
  afterAll(async () => {
    await s.close();
    await graph.close();
  });

  describe('Messenger', () => {
    let channelId: string;
    const psid = '1254459154682919';
    const page = (mid: string, message: Record<string, unknown>) => ({
      object: 'page',
      entry: [
        {
          id: PAGE_ID,
          time: 1458692752478,
          messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 1458692752478, message: { mid, ...message } }],
        },
      ],
    });
    const tap = (mid: string, title: string, payload: string) =>
      signed(`/webhooks/messenger/${channelId}`, page(mid, { text: title, quick_reply: { payload } }));

    beforeAll(async () => {
      channelId = await createChannel(s, 'messenger', {
        apiBaseUrl: graph.url,
        version: '21.0',
        pageAccessToken: 'EAAPAGE',
        appSecret: APP_SECRET,
        verifyToken: 'v',
      });
    });

    it('offers the clarifying question as quick_replies; a tap answers with that article; a "沒有幫助" tap is counted', async () => {
      await signed(`/webhooks/messenger/${channelId}`, page('m_ask', { text: AMBIGUOUS }));
      const conversationId = await conversationOf(s, channelId, 'm_ask');
      expect((await lastSend('/v21.0/me/messages', psid)).message).toEqual({
        text: '請問您想問的是哪一個？',
        quick_replies: [
          { content_type: 'text', title: question('warranty-zh'), payload: question('warranty-zh') },
          { content_type: 'text', title: question('damaged-zh'), payload: question('damaged-zh') },
        ],
      });
      // Messenger's text is the title the customer saw; the payload is what they chose.
      expect((await tap('m_tap1', 'cut title…', question('damaged-zh'))).status).toBe(200);
      expect((await botReplies(conversationId)).at(-1)).toMatchObject({ cause: 'knowledge', data: { articleId: articleIds['damaged-zh'] } });
      expect((await lastSend('/v21.0/me/messages', psid)).message).toEqual({
        text: answer('damaged-zh'),
        quick_replies: [
          { content_type: 'text', title: '有幫助', payload: '有幫助' },
          { content_type: 'text', title: '沒有幫助', payload: '沒有幫助' },
        ],
      });
      await tap('m_tap2', '沒有幫助', '沒有幫助');
      expect(await notHelpfulCount(articleIds['damaged-zh']!)).toBe(1);
      expect((await s.api('GET', `/conversations/${conversationId}`)).body.status).toBe('waiting');
      expect((await messagesOf(s, conversationId)).filter((m) => m.sender === 'customer').map((m) => m.text)).toEqual([
        AMBIGUOUS,
        question('damaged-zh'),
        '沒有幫助',
      ]);
    });
  });

  describe('WhatsApp', () => {
    let channelId: string;
    const waId = '16505551234';
    const inbound = (message: Record<string, unknown>) => whatsappInbound(PHONE_ID, waId, message);
    const send = (message: Record<string, unknown>) => signed(`/webhooks/whatsapp/${channelId}`, inbound(message));
    /** The Cloud API's interactive reply as documented: the tapped button's id and title, and the message it answers. */
    const buttonReply = (id: string, replyId: string, title: string) =>
      send({
        id,
        type: 'interactive',
        context: { from: '15550783881', id: 'wamid.OUT' },
        interactive: { type: 'button_reply', button_reply: { id: replyId, title } },
      });
    const path = `/v21.0/${PHONE_ID}/messages`;

    beforeAll(async () => {
      channelId = await createChannel(s, 'whatsapp', {
        apiBaseUrl: graph.url,
        version: 'v21.0',
        phoneNumberId: PHONE_ID,
        accessToken: 'EAAJB',
        appSecret: APP_SECRET,
        verifyToken: 'v',
        markRead: false,
      });
    });

    it('offers the clarifying question as reply buttons; a button_reply answers with that article; a "沒有幫助" tap is counted', async () => {
      await send({ id: 'wamid.ASK', type: 'text', text: { body: AMBIGUOUS } });
      const conversationId = await conversationOf(s, channelId, 'wamid.ASK');
      expect(await lastSend(path, waId)).toEqual({
        messaging_product: 'whatsapp',
        to: waId,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: '請問您想問的是哪一個？' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: question('warranty-zh'), title: question('warranty-zh') } },
              { type: 'reply', reply: { id: question('damaged-zh'), title: question('damaged-zh') } },
            ],
          },
        },
      });
      await buttonReply('wamid.TAP1', question('warranty-zh'), 'cut title…');
      expect((await botReplies(conversationId)).at(-1)).toMatchObject({ cause: 'knowledge', data: { articleId: articleIds['warranty-zh'] } });
      expect((await lastSend(path, waId)).interactive).toMatchObject({ type: 'button', body: { text: answer('warranty-zh') } });
      await buttonReply('wamid.TAP2', '沒有幫助', '沒有幫助');
      expect(await notHelpfulCount(articleIds['warranty-zh']!)).toBe(1);
      expect((await s.api('GET', `/conversations/${conversationId}`)).body.status).toBe('waiting');
    });

    it("a script's ask with more options than three buttons goes out as a list; the list_reply id is the chosen value", async () => {
      const stores = ['台北信義旗艦店（週一至週日 11:00–21:30）', '台中公益店', '高雄巨蛋店', '線上客服'];
      const script = {
        id: 'pick-store',
        name: 'Pick a store',
        start: 'ask',
        steps: [
          {
            id: 'ask',
            type: 'ask',
            text: '請選擇門市',
            variable: 'store',
            input: { kind: 'choice', options: stores.map((label, i) => ({ value: `store-${i + 1}`, label })) },
            next: 'done',
          },
          { id: 'done', type: 'end', outcome: 'resolved', text: '已記下：{{store}}' },
        ],
      };
      const created = await s.api('POST', '/scripts', script);
      expect((await s.api('POST', `/scripts/${created.body.id}/publish`)).status).toBe(200);
      expect(
        (await s.api('POST', '/bot/keywords', { match: 'exact', pattern: '門市', action: { type: 'start_script', scriptId: created.body.id } })).status,
      ).toBe(201);
      await send({ id: 'wamid.STORE', type: 'text', text: { body: '門市' }, from: '16505550000' });
      const conversationId = await conversationOf(s, channelId, 'wamid.STORE');
      const list = (await lastSend(path, '16505550000')).interactive;
      expect(list).toEqual({
        type: 'list',
        body: { text: '請選擇門市' },
        action: {
          button: '查看選項',
          sections: [
            {
              rows: [
                // A label over 24 characters is cut in the title; the description shows it (up to 72), the id keeps the value.
                { id: 'store-1', title: `${Array.from(stores[0]!).slice(0, 23).join('')}…`, description: stores[0] },
                { id: 'store-2', title: '台中公益店' },
                { id: 'store-3', title: '高雄巨蛋店' },
                { id: 'store-4', title: '線上客服' },
              ],
            },
          ],
        },
      });
      await send({
        id: 'wamid.PICK',
        from: '16505550000',
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: 'store-3', title: '高雄巨蛋店', description: '' } },
      });
      const bot = (await messagesOf(s, conversationId)).filter((m) => m.sender === 'bot').map((m) => m.text);
      expect(bot.at(-1)).toBe('已記下：store-3');
    });
  });
});
