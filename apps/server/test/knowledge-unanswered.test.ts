import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeApi, startTestServer, type TestServer } from './harness.ts';
import { botLines, customerSays, freshWorkspace, historyOf, newCustomer, scriptCallsSettled, statusOf, type Workspace } from './bot-support.ts';

let s: TestServer;
let w: Workspace;

const SHIPPING = { question: '運費怎麼計算？', answer: '單筆訂單滿 1,000 元免運費，未滿收取 80 元運費。' };
const RETURNS = { question: 'How do I return an item?', answer: 'Open your order and choose Return within 30 days.' };

async function seed() {
  const shipping = (await w.api('POST', '/knowledge/articles', SHIPPING)).body;
  const returns = (await w.api('POST', '/knowledge/articles', RETURNS)).body;
  return { shipping, returns };
}

async function unanswered() {
  await scriptCallsSettled(s);
  const res = await w.api('GET', '/knowledge/unanswered');
  expect(res.status).toBe(200);
  return res.body.items as any[];
}

describe('unanswered questions', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    w = await freshWorkspace(s);
  });
  afterAll(() => s.close());

  it('keeps each fallback question per workspace, grouped by normalised text, counted, with its near misses', async () => {
    const { returns } = await seed();
    const first = newCustomer();
    await customerSays(w, first, 'Will you take the item back after washing it?');
    // The second asking goes through the direct path (known contact, open conversation).
    await customerSays(w, first, 'will you take the item back after WASHING it');
    await customerSays(w, newCustomer(), '明天會下雨嗎');
    const items = await unanswered();
    expect(items.map((i) => [i.text, i.count])).toEqual([
      ['will you take the item back after WASHING it', 2],
      ['明天會下雨嗎', 1],
    ]);
    expect(items[0].nearMisses[0]).toMatchObject({ articleId: returns.id, question: RETURNS.question });
    expect(items[0].nearMisses[0].score).toBeLessThan(0.5);
    expect(Date.parse(items[0].lastAskedAt)).toBeGreaterThanOrEqual(Date.parse(items[0].firstAskedAt));
    // Answered questions are not kept; another workspace sees none of these.
    await customerSays(w, newCustomer(), '運費怎麼計算');
    expect(await unanswered()).toHaveLength(2);
    const other = await freshWorkspace(s);
    expect((await other.api('GET', '/knowledge/unanswered')).body.items).toEqual([]);
  });

  it('turns one into an alternative of a near-miss article in one call, after which the bot answers it', async () => {
    const { returns } = await seed();
    await customerSays(w, newCustomer(), 'how do I order a gift card');
    const [q] = await unanswered();
    const res = await w.api('POST', `/knowledge/unanswered/${q.id}/resolve`, { articleId: returns.id, asAlternative: true });
    expect(res.status).toBe(200);
    expect(res.body.article.alternatives).toEqual(['how do I order a gift card']);
    expect(await unanswered()).toEqual([]);
    const again = await customerSays(w, newCustomer(), 'how do I order a gift card');
    expect(await botLines(w.api, again.conversationId)).toEqual([RETURNS.answer]);
  });

  it('turns one into a new article, dismisses another, and refuses bad requests with 4xx', async () => {
    await seed();
    await customerSays(w, newCustomer(), 'Do you sell gift cards?');
    await customerSays(w, newCustomer(), 'what is the meaning of life');
    const [a, b] = await unanswered();
    expect((await w.api('POST', `/knowledge/unanswered/${a.id}/resolve`, {})).status).toBe(400);
    expect((await w.api('POST', `/knowledge/unanswered/${a.id}/resolve`, { articleId: 'kb_nope' })).status).toBe(404);
    const created = await w.api('POST', `/knowledge/unanswered/${a.id}/resolve`, { newArticle: { question: a.text, answer: 'Yes, from 500 to 5,000.' } });
    expect(created.status).toBe(200);
    expect(created.body.article).toMatchObject({ question: a.text, answer: 'Yes, from 500 to 5,000.' });
    expect((await w.api('DELETE', `/knowledge/unanswered/${b.id}`)).status).toBe(204);
    expect((await w.api('DELETE', `/knowledge/unanswered/${b.id}`)).status).toBe(404);
    expect(await unanswered()).toEqual([]);
    const asked = await customerSays(w, newCustomer(), a.text);
    expect(await botLines(w.api, asked.conversationId)).toEqual(['Yes, from 500 to 5,000.']);
  });

  it('is for admins only', async () => {
    const email = `ann-${w.workspaceId}@example.com`;
    expect((await w.api('POST', '/agents', { name: 'Ann', email, password: 'password-1', role: 'agent' })).status).toBe(201);
    const login = await w.api('POST', '/auth/login', { email, password: 'password-1' }, null);
    expect(login.status).toBe(200);
    const agent = makeApi(s.url, login.body.token);
    expect((await agent('GET', '/knowledge/unanswered')).status).toBe(403);
    expect((await agent('DELETE', '/knowledge/unanswered/uq_x')).status).toBe(403);
  });
});

describe('which article answered, and customer feedback', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    w = await freshWorkspace(s);
  });
  afterAll(() => s.close());

  it('exposes the answering article (id and title) in the events, and offers helpful / not helpful quick replies', async () => {
    const { shipping } = await seed();
    const res = await customerSays(w, newCustomer(), '運費多少錢？');
    const [event] = await historyOf(w.api, res.conversationId, 'bot_reply');
    expect(event).toMatchObject({ cause: 'knowledge', article: { id: shipping.id, title: SHIPPING.question } });
    const messages = (await w.api('GET', `/conversations/${res.conversationId}/messages`)).body.items;
    const bot = messages.find((m: any) => m.sender === 'bot');
    expect(bot.attachments).toEqual([
      {
        type: 'quick_replies',
        buttons: [
          { label: '有幫助', value: '有幫助' },
          { label: '沒有幫助', value: '沒有幫助' },
        ],
      },
    ]);
  });

  it('"not helpful" is counted against the article and hands the customer to a person; "helpful" is counted and thanked', async () => {
    const { shipping, returns } = await seed();
    const one = newCustomer();
    const res = await customerSays(w, one, '運費多少錢？');
    await customerSays(w, one, '沒有幫助');
    expect(await statusOf(w.api, res.conversationId)).toBe('waiting');
    const events = await historyOf(w.api, res.conversationId);
    expect(events.find((e) => e.cause === 'kb_not_helpful')).toBeTruthy();
    const two = newCustomer();
    const en = await customerSays(w, two, 'how can I return an item');
    await customerSays(w, two, 'Helpful!');
    expect(await statusOf(w.api, en.conversationId)).toBe('bot');
    expect((await botLines(w.api, en.conversationId)).at(-1)).toMatch(/Thanks/);
    await customerSays(w, newCustomer(), 'not helpful'); // no answer before it: handed off, nothing counted
    await scriptCallsSettled(s);
    const list = (await w.api('GET', '/knowledge/articles')).body.items;
    expect(list.find((a: any) => a.id === shipping.id)).toMatchObject({ helpful: 0, notHelpful: 1 });
    expect(list.find((a: any) => a.id === returns.id)).toMatchObject({ helpful: 1, notHelpful: 0 });
  });
});
