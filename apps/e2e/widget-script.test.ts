import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/** The widget on a phone, in Traditional Chinese, answering a scripted bot's buttons. */
const SCRIPT = {
  id: 'e2e-choice',
  name: 'Pick a topic',
  start: 'ask_topic',
  steps: [
    {
      id: 'ask_topic',
      type: 'ask',
      text: '請選擇主題 Please pick a topic',
      variable: 'topic',
      input: {
        kind: 'choice',
        options: [
          { value: 'billing', label: '帳務 Billing' },
          { value: 'orders', label: '訂單 Orders' },
        ],
      },
      next: 'done',
    },
    {
      id: 'done',
      type: 'end',
      outcome: 'resolved',
      text: '您選了 {{topic}}。You picked {{topic}}.',
    },
  ],
};

let server: UiServer;
let browser: Browser;
let channelId: string;
let scriptsAvailable = false;

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const created = await server.api('POST', '/scripts', SCRIPT);
  const published = created.status === 201 ? await server.api('POST', `/scripts/${SCRIPT.id}/publish`) : created;
  scriptsAvailable = published.status < 300;
  const channel = await server.api('POST', '/channels', {
    type: 'webchat',
    name: 'Shop chat',
    bot: true,
    ...(scriptsAvailable && { scriptId: SCRIPT.id }),
  });
  expect(channel.status).toBe(201);
  channelId = channel.body.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('widget with a scripted bot on a phone', () => {
  it('shows the bot question with buttons and sends the chosen value', async (ctx) => {
    if (!scriptsAvailable) ctx.skip();
    const context = await browser.newContext({
      viewport: { width: 375, height: 667 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-TW',
    });
    const page = await context.newPage();
    await page.goto(server.customerPageUrl(channelId, 'zh-TW'));
    const widget = page.locator('[data-switchboard-widget]');
    await widget.getByRole('button', { name: '與我們聊天' }).click();
    await widget.getByLabel('輸入訊息…').click();
    await page.keyboard.type('你好');
    await page.keyboard.press('Enter');
    await widget.locator('.msg-bot', { hasText: 'Please pick a topic' }).waitFor();
    // Full screen on a phone: the panel covers the viewport.
    const panel = await widget.getByRole('dialog').boundingBox();
    expect(panel?.width).toBe(375);
    await screenshot(page, 'widget-phone-buttons-zh-tw');
    await widget.getByRole('button', { name: '訂單 Orders' }).click();
    await widget.locator('.msg-customer', { hasText: 'orders' }).waitFor();
    await widget.locator('.msg-bot', { hasText: 'You picked orders' }).waitFor();
    await widget.getByText('對話已結束').waitFor();
    expect(await widget.getByRole('button', { name: '帳務 Billing' }).isDisabled()).toBe(true);
    await context.close();
  });
});
