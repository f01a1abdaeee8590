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

  it.each(['明天會下雨嗎', 'あなたはロボットですか', 'what is the capital of france'])('off-topic %s gets the fallback, not an article', async (text) => {
    const { conversationId } = await customerSays(w, newCustomer(), text);
    const [decision] = await historyOf(w.api, conversationId, 'bot_reply');
    expect(decision.cause).toBe('fallback');
  });
});
