import { SAMPLE_FAQ_ARTICLES } from '@switchboard/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBotInactivity } from '../src/bot/inactivity.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { botLines, customerSays, freshWorkspace, historyOf, newCustomer, statusOf, type Workspace } from './bot-support.ts';

let s: TestServer;
let w: Workspace;

const JA_ARTICLE = { question: 'パスワードを忘れた場合', alternatives: ['パスワードの再設定'], answer: 'ログイン画面の「パスワードを忘れた」から再設定できます。' };

async function seedFaq() {
  const ids: Record<string, string> = {};
  for (const { id, ...article } of SAMPLE_FAQ_ARTICLES) {
    const res = await w.api('POST', '/knowledge/articles', article);
    expect(res.status).toBe(201);
    ids[id] = res.body.id;
  }
  ids.ja = (await w.api('POST', '/knowledge/articles', JA_ARTICLE)).body.id;
  return ids;
}

async function askOnce(text: string) {
  const res = await customerSays(w, newCustomer(), text);
  const [line] = await botLines(w.api, res.conversationId);
  const [decision] = await historyOf(w.api, res.conversationId, 'bot_reply');
  return { line, decision, ...res };
}

describe('knowledge base answers', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    w = await freshWorkspace(s);
  });
  afterAll(() => s.close());

  it('answers in Chinese, Japanese and English from the best article above the threshold, recording article and score', async () => {
    const ids = await seedFaq();
    const zh = await askOnce('我要查詢訂單狀態');
    expect(zh.line).toBe(SAMPLE_FAQ_ARTICLES.find((a) => a.id === 'faq-order-status-zh')!.answer);
    expect(zh.decision).toMatchObject({ cause: 'knowledge', data: { articleId: ids['faq-order-status-zh'] } });
    expect(zh.decision.data.score).toBeGreaterThanOrEqual(0.5);
    const ja = await askOnce('パスワードを忘れました');
    expect(ja.line).toBe(JA_ARTICLE.answer);
    const en = await askOnce('How do I reset my password?');
    expect(en.line).toBe(SAMPLE_FAQ_ARTICLES.find((a) => a.id === 'faq-reset-password-en')!.answer);
    expect(en.decision.data).toMatchObject({ articleId: ids['faq-reset-password-en'], score: 1 });
  });

  it('below the threshold says the configurable fallback, which offers a person', async () => {
    await seedFaq();
    const weather = await askOnce('weather tomorrow');
    expect(weather.line).toMatch(/agent/);
    expect(weather.decision.cause).toBe('fallback');
    expect(weather.status).toBe('bot');
    const rain = await askOnce('明天會下雨嗎');
    expect(rain.decision.cause).toBe('fallback');

    expect((await w.api('GET', '/settings/bot')).body).toMatchObject({ kbThreshold: 0.5, inactivityMinutes: 30 });
    const patched = await w.api('PATCH', '/settings/bot', { kbThreshold: 0.99, fallbackText: 'No idea. Type agent for a person.' });
    expect(patched.body).toMatchObject({ kbThreshold: 0.99, fallbackText: 'No idea. Type agent for a person.' });
    const strict = await askOnce('我要查詢訂單狀態');
    expect(strict.line).toBe('No idea. Type agent for a person.');
    expect((await w.api('PATCH', '/settings/bot', { kbThreshold: 2 })).status).toBe(400);
  });

  it('keeps the index current on create, update and delete, and shows scores through search', async () => {
    const created = (await w.api('POST', '/knowledge/articles', { question: 'Do you ship to Japan?', answer: 'Yes, in 5 days.' })).body;
    expect((await askOnce('do you ship to japan')).line).toBe('Yes, in 5 days.');
    const patched = await w.api('PATCH', `/knowledge/articles/${created.id}`, { answer: 'Yes, in 3 days.', tags: ['shipping'] });
    expect(patched.body).toMatchObject({ answer: 'Yes, in 3 days.', tags: ['shipping'] });
    expect((await askOnce('do you ship to japan')).line).toBe('Yes, in 3 days.');
    const search = (await w.api('GET', '/knowledge/search?q=ship%20to%20japan')).body;
    expect(search).toMatchObject({ threshold: 0.5, answer: created.id, items: [{ articleId: created.id, question: 'Do you ship to Japan?' }] });
    expect((await w.api('DELETE', `/knowledge/articles/${created.id}`)).status).toBe(204);
    expect((await w.api('GET', `/knowledge/articles/${created.id}`)).status).toBe(404);
    expect((await askOnce('do you ship to japan')).line).toBeUndefined();
  });

  it('sees articles another process wrote: the stored kb_version differs, so the index is rebuilt', async () => {
    await w.api('POST', '/knowledge/articles', { question: 'What is the warranty?', answer: 'Two years.' });
    expect((await askOnce('what is the warranty')).line).toBe('Two years.');
    const db = s.container.deps.db;
    // Exactly what another server process does: change the table and bump the version in one transaction.
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('knowledge_articles').set({ answer: 'Three years now.' }).where('workspace_id', '=', w.workspaceId).execute();
      await trx.updateTable('bot_versions').set({ kb_version: sql`kb_version + 1` }).where('workspace_id', '=', w.workspaceId).execute();
    });
    expect((await askOnce('what is the warranty')).line).toBe('Three years now.');
  });

  it('lists articles with a cursor and validates bodies', async () => {
    for (let i = 0; i < 3; i++) await w.api('POST', '/knowledge/articles', { question: `Question ${i}`, answer: `Answer ${i}` });
    const page1 = (await w.api('GET', '/knowledge/articles?limit=2')).body;
    expect(page1.items).toHaveLength(2);
    const page2 = (await w.api('GET', `/knowledge/articles?limit=2&cursor=${page1.nextCursor}`)).body;
    expect(page2).toMatchObject({ items: [{ question: 'Question 2' }], nextCursor: null });
    expect((await w.api('POST', '/knowledge/articles', { question: '', answer: 'x' })).status).toBe(400);
  });

  it('completes a bot conversation whose customer went quiet for the workspace timeout (by stored deadline)', async () => {
    await w.api('POST', '/knowledge/articles', { question: 'What is the warranty?', answer: 'Two years.' });
    await w.api('PATCH', '/settings/bot', { inactivityMinutes: 10 });
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'what is the warranty');
    const queued = await customerSays(w, newCustomer(), 'agent');
    s.clock.advance(9 * 60_000);
    await runBotInactivity(s.container.deps);
    expect(await statusOf(w.api, conversationId)).toBe('bot');
    await customerSays(w, c, 'thanks'); // a new customer message moves the deadline
    s.clock.advance(9 * 60_000);
    await runBotInactivity(s.container.deps);
    expect(await statusOf(w.api, conversationId)).toBe('bot');
    s.clock.advance(2 * 60_000);
    await runBotInactivity(s.container.deps);
    const conv = (await w.api('GET', `/conversations/${conversationId}`)).body;
    expect(conv).toMatchObject({ status: 'completed', closeReason: 'bot_inactivity' });
    const last = (await historyOf(w.api, conversationId, 'status_changed')).at(-1);
    expect(last).toMatchObject({ from: 'bot', to: 'completed', cause: 'bot_inactivity', actor: { type: 'bot' } });
    expect(await statusOf(w.api, queued.conversationId)).toBe('waiting');
    const again = await customerSays(w, c, 'hello again');
    expect(again.conversationId).not.toBe(conversationId);
  });
});
