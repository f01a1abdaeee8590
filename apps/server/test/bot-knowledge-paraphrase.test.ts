import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalArticles } from '../../../bench/knowledge/eval-set.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { botLines, customerSays, freshWorkspace, historyOf, newCustomer, type Workspace } from './bot-support.ts';

let s: TestServer;
let w: Workspace;
const ids: Record<string, string> = {};

describe('the bot answers paraphrases as customers type them (issue #17)', () => {
  beforeAll(async () => {
    s = await startTestServer();
    w = await freshWorkspace(s);
    for (const { id, ...article } of evalArticles()) {
      const res = await w.api('POST', '/knowledge/articles', article);
      expect(res.status).toBe(201);
      ids[id] = res.body.id;
    }
  });
  afterAll(() => s.close());

  it.each([
    ['運費多少錢？', 'shipping-fee-zh'],
    ['我想要退貨，請問要怎麼做', 'returns-zh'],
    ['能刷信用卡嗎？', 'payment-zh'],
    ['キャンセルできますか', 'cancel-ja'],
    ['where is my parcel', 'track-order-en'],
  ])('%s is answered from %s (it fell back before)', async (text, expected) => {
    const { conversationId } = await customerSays(w, newCustomer(), text);
    const [decision] = await historyOf(w.api, conversationId, 'bot_reply');
    expect(decision).toMatchObject({ cause: 'knowledge', data: { articleId: ids[expected] } });
    const [line] = await botLines(w.api, conversationId);
    expect(line).toBe(evalArticles().find((a) => a.id === expected)!.answer);
  });

  it.each(['明天會下雨嗎', 'あなたはロボットですか', 'what is the capital of france', 'ピザを注文したい', 'order a taxi for me'])(
    'off-topic %s gets the fallback, not an article (the last two hold one domain word and were answered before)',
    async (text) => {
      const { conversationId } = await customerSays(w, newCustomer(), text);
      const [decision] = await historyOf(w.api, conversationId, 'bot_reply');
      expect(decision.cause).toBe('fallback');
    },
  );

  it('neighbouring articles too close to tell apart: the bot asks which one, and a tap answers it', async () => {
    const text = '壞掉可以免費修嗎'; // warranty (free repair) or damaged (broken on arrival): both above the threshold, 0.05 apart
    const search = (await w.api('GET', `/knowledge/search?q=${encodeURIComponent(text)}`)).body;
    expect(search.answer).toBeNull();
    expect(search.clarify).toEqual([ids['warranty-zh'], ids['damaged-zh']]);
    const customer = newCustomer();
    const { conversationId } = await customerSays(w, customer, text);
    const [asked] = await historyOf(w.api, conversationId, 'bot_reply');
    expect(asked).toMatchObject({ cause: 'kb_clarify', data: { articleIds: [ids['warranty-zh'], ids['damaged-zh']] } });
    const messages = (await w.api('GET', `/conversations/${conversationId}/messages`)).body.items;
    const question = (id: string) => evalArticles().find((a) => a.id === id)!.question;
    expect(messages.at(-1)).toMatchObject({
      sender: 'bot',
      text: '請問您想問的是哪一個？',
      attachments: [
        {
          type: 'quick_replies',
          buttons: [
            { label: question('warranty-zh'), value: question('warranty-zh') },
            { label: question('damaged-zh'), value: question('damaged-zh') },
          ],
        },
      ],
    });
    await customerSays(w, customer, question('damaged-zh'));
    const [, answered] = await historyOf(w.api, conversationId, 'bot_reply');
    expect(answered).toMatchObject({ cause: 'knowledge', data: { articleId: ids['damaged-zh'] } });
    expect((await botLines(w.api, conversationId)).at(-1)).toBe(evalArticles().find((a) => a.id === 'damaged-zh')!.answer);
  });

  it('a workspace adds its own synonym groups in the bot settings; the index follows the change', async () => {
    const own = await freshWorkspace(s);
    await own.api('POST', '/knowledge/articles', { question: '保溫瓶可以裝熱湯嗎？', answer: '可以，請勿超過八分滿。' });
    const ask = async () => (await own.api('GET', `/knowledge/search?q=${encodeURIComponent('悶燒罐能不能裝湯')}`)).body.answer;
    expect(await ask()).toBeNull();
    const patched = await own.api('PATCH', '/settings/bot', {
      kbSynonyms: [
        ['保溫瓶', '悶燒罐', '保温杯'],
        ['熱湯', '湯'],
      ],
    });
    expect(patched.status).toBe(200);
    expect(patched.body.kbSynonyms).toEqual([
      ['保溫瓶', '悶燒罐', '保温杯'],
      ['熱湯', '湯'],
    ]);
    expect(await ask()).not.toBeNull();
    const { conversationId } = await customerSays(own, newCustomer(), '悶燒罐能不能裝湯');
    expect(await botLines(own.api, conversationId)).toEqual(['可以，請勿超過八分滿。']);
    expect((await own.api('PATCH', '/settings/bot', { kbSynonyms: [['alone']] })).status).toBe(400);
    expect((await own.api('PATCH', '/settings/bot', { kbSynonyms: [] })).status).toBe(200);
    expect(await ask()).toBeNull();
  });

  it.each(['醫院幾點開門', 'ジムは何時まで営業していますか', 'when is the post office open on sunday'])(
    '%s names another business: the fallback, not store hours (#17, sixth round)',
    async (text) => {
      const { conversationId } = await customerSays(w, newCustomer(), text);
      const [decision] = await historyOf(w.api, conversationId, 'bot_reply');
      expect(decision.cause).toBe('fallback');
    },
  );

  it('a workspace edits the other businesses in the bot settings: its own kind taken off, another added', async () => {
    const own = await freshWorkspace(s);
    await own.api('POST', '/knowledge/articles', { question: '營業時間是幾點到幾點？', answer: '每日早上六點到晚上十一點。' });
    const ask = async (q: string) => (await own.api('GET', `/knowledge/search?q=${encodeURIComponent(q)}`)).body.answer;
    expect(await ask('健身房幾點開門')).toBeNull();
    expect(await ask('spa幾點開門')).not.toBeNull();
    const patched = await own.api('PATCH', '/settings/bot', { kbOtherBusinesses: { add: ['spa'], remove: ['健身房'] } });
    expect(patched.status).toBe(200);
    expect(patched.body.kbOtherBusinesses).toEqual({ add: ['spa'], remove: ['健身房'] });
    expect(await ask('健身房幾點開門')).not.toBeNull();
    expect(await ask('spa幾點開門')).toBeNull();
    const { conversationId } = await customerSays(own, newCustomer(), '健身房幾點開門');
    expect(await botLines(own.api, conversationId)).toEqual(['每日早上六點到晚上十一點。']);
    expect((await own.api('PATCH', '/settings/bot', { kbOtherBusinesses: { add: 'spa' } })).status).toBe(400);
    expect((await own.api('PATCH', '/settings/bot', { kbOtherBusinesses: { remove: [] } })).body.kbOtherBusinesses).toEqual({ add: [], remove: [] });
    expect(await ask('健身房幾點開門')).toBeNull();
  });
});
