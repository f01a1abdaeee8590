import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalArticles } from '../../bench/knowledge/eval-set.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';
import { say, widget } from './support/widget.ts';

/**
 * Neighbouring articles (#17): the customer's question sits between
 * "warranty" (free repair) and "damaged on arrival", the bot asks which one
 * with the two questions as buttons, and a tap answers from that article. In
 * Traditional Chinese, on a desktop and a phone.
 */
let server: UiServer;
let browser: Browser;
let channelId: string;
const article = (id: string) => evalArticles().find((a) => a.id === id)!;

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const channel = await server.api('POST', '/channels', { type: 'webchat', name: 'Shop chat', bot: true });
  expect(channel.status).toBe(201);
  channelId = channel.body.id;
  for (const { id: _id, ...a } of evalArticles()) expect((await server.api('POST', '/knowledge/articles', a)).status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const viewports: Array<[string, BrowserContextOptions]> = [
  ['desktop', { viewport: { width: 1280, height: 800 }, locale: 'zh-TW' }],
  ['phone', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-TW' }],
];

describe('the bot asks between two neighbouring articles', () => {
  it.each(viewports)('%s: asks, the customer taps one, the answer follows', async (name, options) => {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    await page.goto(server.customerPageUrl(channelId, 'zh-TW'));
    const w = widget(page);
    await w.getByRole('button', { name: '與我們聊天' }).click();
    await say(page, '壞掉可以免費修嗎', '輸入訊息…');
    await w.locator('.msg-bot', { hasText: '請問您想問的是哪一個？' }).waitFor();
    const warranty = article('warranty-zh');
    const damaged = article('damaged-zh');
    await w.getByRole('button', { name: warranty.question }).waitFor();
    await w.getByRole('button', { name: damaged.question }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, `widget-${name}-kb-clarify-zh-tw`);
    await w.getByRole('button', { name: warranty.question }).click();
    await w.locator('.msg-customer', { hasText: warranty.question }).waitFor();
    await w.locator('.msg-bot', { hasText: warranty.answer.slice(0, 20) }).waitFor();
    await screenshot(page, `widget-${name}-kb-clarify-answered-zh-tw`);
    await context.close();
  });
});
