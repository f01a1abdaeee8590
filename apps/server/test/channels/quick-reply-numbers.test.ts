import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { scriptCallsSettled } from '../bot-support.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { conversationOf, createChannel, hmac, messagesOf, postWebhook, whatsappInbound } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

/**
 * A number typed in answer to the bot's numbered options picks that option
 * on Messenger, WhatsApp and LINE (#17), through each platform's real
 * webhook as documented, the bot's message as the stand-in platform
 * received it. Two long questions that read the same once cut to a button's
 * 20 characters make the clarifying question go out numbered (Messenger and
 * LINE list them in the text, buttons titled 1 and 2; WhatsApp shows a list).
 */
const META_SECRET = 'meta-app-secret';
const LINE_SECRET = 'line-channel-secret';
const PAGE_ID = '106540352242922';
const PHONE_ID = '106540352242923';
const PREFIX = '請問國際運送大概需要多少個工作天才會送達'; // 20 characters: cut titles read the same
/** Two articles that score the same for ASK: the bot asks which one (the order of equal scores is the article ids'). */
const USA = { question: `${PREFIX}美國？`, answer: '寄到美國約三到五個工作天。' };
const UK = { question: `${PREFIX}英國？`, answer: '寄到英國約三到五個工作天。' };
const ASK = '國際運送要多少工作天';
const CLARIFY = '請問您想問的是哪一個？';
const numbered = (questions: string[]) => [CLARIFY, '', ...questions.map((q, i) => `${i + 1}. ${q}`)].join('\n');

/** How each channel's webhook carries a customer's text, and what the platform stand-in received last for that customer. */
interface TextChannel {
  say(id: string, text: string): Promise<{ status: number }>;
  lastSent(): Promise<any>;
  /** The numbered options (these questions, in this order) as this platform showed them. */
  expectNumbered(sent: any, questions: string[]): void;
}

describe('typing the number of a quick reply on Messenger, WhatsApp and LINE', () => {
  let s: TestServer;
  let platform: StandIn;
  let n = 0;
  const questionOf: Record<string, string> = {};
  const channels: Record<string, TextChannel> = {};

  const metaSigned = (path: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return postWebhook(s, path, raw, { 'x-hub-signature-256': `sha256=${hmac(META_SECRET, raw, 'hex')}` });
  };
  const newest = async (path: string, recipient: (body: any) => boolean) => {
    await runOutboxOnce(s.container.deps);
    return platform
      .to(path)
      .filter((r) => recipient(r.body))
      .at(-1)!.body;
  };
  const channelIdOf = async (type: string) =>
    (await s.container.deps.db.selectFrom('channels').select('id').where('type', '=', type).executeTakeFirstOrThrow()).id;
  const botReplies = async (conversationId: string) =>
    (await s.api('GET', `/conversations/${conversationId}/events`)).body.items.filter((e: any) => e.type === 'bot_reply');

  beforeAll(async () => {
    s = await startTestServer();
    platform = await new StandIn((req) =>
      req.path.startsWith('/v2/bot/profile/')
        ? { status: 200, body: { displayName: 'Brown' } }
        : { status: 200, body: { recipient_id: 'x', message_id: `m_OUT${n}`, messages: [{ id: `wamid.OUT${n++}` }], sentMessages: [{ id: `${n}` }] } },
    ).start();
    for (const article of [USA, UK, { question: '忘記密碼怎麼辦？', answer: '請在登入頁點「忘記密碼」重設。' }]) {
      questionOf[(await s.api('POST', '/knowledge/articles', article)).body.id] = article.question;
    }

    const psid = '1254459154682919';
    const messenger = await createChannel(s, 'messenger', {
      apiBaseUrl: platform.url,
      version: '21.0',
      pageAccessToken: 'EAAPAGE',
      appSecret: META_SECRET,
      verifyToken: 'v',
    });
    channels.messenger = {
      say: (mid, text) =>
        metaSigned(`/webhooks/messenger/${messenger}`, {
          object: 'page',
          entry: [
            {
              id: PAGE_ID,
              time: 1458692752478,
              messaging: [{ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 1458692752478, message: { mid, text } }],
            },
          ],
        }),
      lastSent: () => newest('/v21.0/me/messages', (b) => b.recipient?.id === psid),
      expectNumbered: (sent, questions) =>
        expect(sent.message).toEqual({
          text: numbered(questions),
          quick_replies: questions.map((q, i) => ({ content_type: 'text', title: String(i + 1), payload: q })),
        }),
    };

    const waId = '16505551234';
    const whatsapp = await createChannel(s, 'whatsapp', {
      apiBaseUrl: platform.url,
      version: 'v21.0',
      phoneNumberId: PHONE_ID,
      accessToken: 'EAAJB',
      appSecret: META_SECRET,
      verifyToken: 'v',
      markRead: false,
    });
    channels.whatsapp = {
      say: (id, body) => metaSigned(`/webhooks/whatsapp/${whatsapp}`, whatsappInbound(PHONE_ID, waId, { id, type: 'text', text: { body } })),
      lastSent: () => newest(`/v21.0/${PHONE_ID}/messages`, (b) => b.to === waId),
      // Button titles that read the same become a list (row titles hold 24 characters: these whole questions), in order, so "2" is the second row.
      expectNumbered: (sent, questions) =>
        expect(sent.interactive).toMatchObject({ type: 'list', action: { sections: [{ rows: questions.map((q) => ({ id: q, title: q })) }] } }),
    };

    const userId = 'U4af4980629a7d0e8e3a1b0c0d0e0f0a1';
    const line = await createChannel(s, 'line', { apiBaseUrl: platform.url, channelSecret: LINE_SECRET, channelAccessToken: 'line-access-token' });
    channels.line = {
      say: (id, text) => {
        const raw = JSON.stringify({
          destination: 'x',
          events: [
            {
              type: 'message',
              mode: 'active',
              timestamp: 1462629479859,
              webhookEventId: `evt-${id}`,
              deliveryContext: { isRedelivery: false },
              replyToken: `rt-${id}`,
              source: { type: 'user', userId },
              message: { id, type: 'text', quoteToken: 'q', text },
            },
          ],
        });
        return postWebhook(s, `/webhooks/line/${line}`, raw, { 'x-line-signature': hmac(LINE_SECRET, raw, 'base64') });
      },
      lastSent: async () => {
        await runOutboxOnce(s.container.deps);
        return platform.requests.filter((r) => r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push').at(-1)!.body;
      },
      expectNumbered: (sent, questions) =>
        expect(sent.messages.at(-1)).toEqual({
          type: 'text',
          text: numbered(questions),
          quickReply: { items: questions.map((q, i) => ({ type: 'action', action: { type: 'message', label: String(i + 1), text: q } })) },
        }),
    };
  });
  afterAll(async () => {
    await s.close();
    await platform.close();
  });

  // The second option, as customers write it: a digit, a Chinese ordinal, a Japanese one.
  describe.each([
    ['messenger', '2'],
    ['whatsapp', '第二個'],
    ['line', '2番'],
  ])('%s', (type, second) => {
    it(`${JSON.stringify(second)} answers with the second option's article, "２" under the answer says it did not help`, async () => {
      const channel = channels[type]!;
      expect((await channel.say(`${type}-ask`, ASK)).status).toBe(200);
      const conversationId = await conversationOf(s, await channelIdOf(type), `${type}-ask`);
      const clarify = (await botReplies(conversationId)).at(-1);
      expect(clarify.cause).toBe('kb_clarify');
      const [firstId, secondId] = clarify.data.articleIds as string[];
      expect([questionOf[firstId!], questionOf[secondId!]].sort()).toEqual([USA.question, UK.question].sort());
      channel.expectNumbered(await channel.lastSent(), [questionOf[firstId!]!, questionOf[secondId!]!]);

      const notHelpful = async () => (await s.api('GET', '/knowledge/articles')).body.items.find((a: any) => a.id === secondId).notHelpful;
      const before = await notHelpful();
      await channel.say(`${type}-two`, second);
      expect((await botReplies(conversationId)).at(-1)).toMatchObject({ cause: 'knowledge', data: { articleId: secondId } });
      // Under the answer: 1 有幫助, 2 沒有幫助, typed full-width.
      await channel.say(`${type}-verdict`, '２');
      await scriptCallsSettled(s);
      expect((await s.api('GET', `/conversations/${conversationId}`)).body.status).toBe('waiting');
      expect(await notHelpful()).toBe(before + 1);
      // The transcript reads as the choices, as after a tap; what was typed stays in the message's platform meta.
      expect((await messagesOf(s, conversationId)).filter((m) => m.sender === 'customer').map((m) => m.text)).toEqual([ASK, questionOf[secondId!], '沒有幫助']);
      const typed = await s.container.deps.db
        .selectFrom('messages')
        .select('platform_meta')
        .where('conversation_id', '=', conversationId)
        .where('sender', '=', 'customer')
        .orderBy('seq')
        .execute();
      expect(typed.map((m) => (m.platform_meta as { typed?: string }).typed)).toEqual([undefined, second, '２']);
    });
  });

  it("a number the options do not have, or one after a message without options, stays the customer's text", async () => {
    const messengerId = await channelIdOf('messenger');
    const say = (mid: string, text: string) =>
      metaSigned(`/webhooks/messenger/${messengerId}`, {
        object: 'page',
        entry: [{ id: PAGE_ID, time: 1, messaging: [{ sender: { id: '999000111' }, recipient: { id: PAGE_ID }, timestamp: 1, message: { mid, text } }] }],
      });
    await say('m-ask', ASK);
    const conversationId = await conversationOf(s, messengerId, 'm-ask');
    await say('m-three', '3');
    // The fallback offered nothing: "1" after it is not a pick either.
    await say('m-one', '1');
    expect((await botReplies(conversationId)).map((e: any) => e.cause)).toEqual(['kb_clarify', 'fallback', 'fallback']);
  });
});
