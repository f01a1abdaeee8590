import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botRuntime } from '../server/src/bot/runtime.ts';
import { launchBrowser, signIn } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * An admin turns the questions the bot could not answer into knowledge:
 * one as an alternative of the closest article, one as a new article typed
 * in, one dismissed (issue #17). Desktop and phone.
 */
const PASSWORD = 'correct-horse-battery';
const RETURNS = { question: 'How do I return an item?', answer: 'Open your order and choose Return within 30 days.' };

let server: UiServer;
let browser: Browser;
let channelId: string;
let returnsId: string;
let customers = 0;

async function ask(text: string) {
  const r = await server.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `c-${++customers}` }, text });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  await botRuntime(server.container.deps).whenIdle();
  return r.body.conversationId as string;
}

async function openKnowledge(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, server.url, 'ada@e2e.test', PASSWORD);
  await page.goto(`${server.url}/#/admin/knowledge`);
  await page.getByRole('heading', { name: 'Unanswered questions' }).waitFor();
  return page;
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const made = await Promise.all([
    server.api('POST', '/agents', { name: 'Ada Admin', email: 'ada@e2e.test', password: PASSWORD, role: 'admin' }),
    server.api('POST', '/channels', { type: 'api', name: 'Shop app', bot: true }),
    server.api('POST', '/knowledge/articles', RETURNS),
  ]);
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  channelId = made[1].body.id;
  returnsId = made[2].body.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('unanswered questions admin', () => {
  it('adds one as an alternative of its near miss and another as a new article (desktop)', async () => {
    await ask('Will you take the item back after washing it?');
    await ask('how do I order a gift card');
    const page = await openKnowledge({ width: 1280, height: 1000 });
    const washing = page.getByTestId('unanswered-question').filter({ hasText: 'washing' });
    await washing.getByRole('button', { name: `Add as alternative of “${RETURNS.question}”` }).click();
    await washing.waitFor({ state: 'detached' });
    const article = await server.api('GET', `/knowledge/articles/${returnsId}`);
    expect(article.body.alternatives).toEqual(['Will you take the item back after washing it?']);

    const gift = page.getByTestId('unanswered-question').filter({ hasText: 'gift card' });
    await gift.getByRole('button', { name: 'Add as new article' }).click();
    expect(await gift.getByLabel('Question').inputValue()).toBe('how do I order a gift card');
    await gift.getByLabel('Answer').click();
    await page.keyboard.type('Gift cards are sold at the counter.');
    await gift.getByRole('button', { name: 'Save article' }).click();
    await gift.waitFor({ state: 'detached' });
    await page.getByText('No unanswered questions.').waitFor();
    const conversation = await ask('how do I order a gift card');
    const messages = await server.api('GET', `/conversations/${conversation}/messages`);
    expect(messages.body.items.map((m: { text: string }) => m.text)).toContain('Gift cards are sold at the counter.');
  });

  it('dismisses one on a phone', async () => {
    await ask('what is the meaning of life');
    const page = await openKnowledge({ width: 390, height: 844 });
    const row = page.getByTestId('unanswered-question').filter({ hasText: 'meaning of life' });
    await row.getByRole('button', { name: 'Dismiss' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await server.api('GET', '/knowledge/unanswered')).body.items).toEqual([]);
  });
});
