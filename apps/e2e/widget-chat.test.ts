import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';
import { say, widget } from './support/widget.ts';

/** A customer in the widget with a real keyboard, on a desktop and on a phone. */
let server: UiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let channelId: string;

const DESKTOP = { viewport: { width: 1280, height: 800 } };


async function newPage(options: Parameters<Browser['newContext']>[0] = DESKTOP) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  return page;
}

async function openWidget(page: Page, channel = channelId, lang?: 'en' | 'zh-TW' | 'ja') {
  await page.goto(server.customerPageUrl(channel, lang));
  await widget(page).getByRole('button', { name: /Chat with us|與我們聊天|チャット/ }).click();
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const channel = await server.api('POST', '/channels', { type: 'webchat', name: 'Shop chat', bot: true });
  expect(channel.status).toBe(201);
  channelId = channel.body.id;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('typing into the widget', () => {
  it('takes what a customer types with a real keyboard and sends it on Enter', async () => {
    const page = await newPage();
    await openWidget(page);
    await say(page, 'My order has not arrived');
    await widget(page).locator('.msg-customer', { hasText: 'My order has not arrived' }).waitFor();
    expect(await widget(page).getByLabel('Type a message…', { exact: true }).inputValue()).toBe('');
  });
});
