import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot, signIn } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';
import { say, typeInto, widget } from './support/widget.ts';

/**
 * A customer in the widget with a real keyboard (and an input method), on a
 * desktop and on a 390 × 844 phone; an agent in the console on the other side.
 */
const PASSWORD = 'correct-horse-battery';
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let server: UiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let botChannel: string;
let agentChannel: string;
let formChannel: string;
let queueChannel: string;
let agentId: string;

async function newPage(options: Parameters<Browser['newContext']>[0] = DESKTOP) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  return page;
}

async function openWidget(page: Page, channel: string, lang?: 'en' | 'zh-TW' | 'ja') {
  await page.goto(server.customerPageUrl(channel, lang));
  await widget(page)
    .getByRole('button', { name: /Chat with us|與我們聊天|チャットで問い合わせる/ })
    .click();
}

/** The conversation the customer's contact has open on a channel, through the admin API. */
async function openConversation(channelId: string) {
  const list = await server.api('GET', `/conversations?channelId=${channelId}`);
  return list.body.items.find((c: { status: string }) => c.status !== 'completed') as { id: string; status: string; contactId: string };
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const { api } = server;
  const made = await Promise.all([
    api('POST', '/channels', { type: 'webchat', name: 'Shop chat', bot: true }),
    api('POST', '/channels', { type: 'webchat', name: 'Help desk', bot: false }),
    api('POST', '/channels', {
      type: 'webchat',
      name: 'Japan shop',
      bot: true,
      config: { greeting: { en: 'Hi! Ask us anything.', ja: 'こんにちは！ご用件をどうぞ。' }, preChat: { name: 'required', email: 'optional' } },
    }),
    api('POST', '/channels', { type: 'webchat', name: 'French desk', bot: false, skills: ['french'] }),
    api('POST', '/agents', { name: 'Mei Lin', email: 'mei@e2e.test', password: PASSWORD, role: 'agent', capacity: 5 }),
  ]);
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  [botChannel, agentChannel, formChannel, queueChannel, agentId] = made.map((r) => r.body.id);
  expect((await api('PUT', `/agents/${agentId}/presence`, { presence: 'ready' })).status).toBe(200);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('typing into the widget', () => {
  it('takes what a customer types with a real keyboard and sends it on Enter', async () => {
    const page = await newPage();
    await openWidget(page, botChannel);
    await say(page, 'My order has not arrived');
    await widget(page).locator('.msg-customer', { hasText: 'My order has not arrived' }).waitFor();
    expect(await widget(page).getByLabel('Type a message…', { exact: true }).inputValue()).toBe('');
  });

  it('does not send half a word when Enter picks a word in an input method', async () => {
    const page = await newPage();
    await openWidget(page, botChannel);
    const box = widget(page).getByLabel('Type a message…', { exact: true });
    await box.click();
    const cdp = await page.context().newCDPSession(page);
    // Chrome: the Enter that picks a word (the input method keeps it: no character) comes with isComposing.
    await cdp.send('Input.imeSetComposition', { text: 'はいたつ', selectionStart: 4, selectionEnd: 4 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 });
    await cdp.send('Input.insertText', { text: '配達' });
    expect(await box.inputValue()).toBe('配達');
    // Safari: the Enter that ends a composition arrives after compositionend, as keyCode 229.
    await box.dispatchEvent('compositionstart');
    await box.dispatchEvent('compositionend');
    await cdp.send('Input.dispatchKeyEvent', { type: 'rawKeyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 229, nativeVirtualKeyCode: 229 });
    await page.keyboard.type('について');
    expect(await widget(page).locator('.msg-customer').count()).toBe(0);
    await page.keyboard.press('Enter');
    await widget(page).locator('.msg-customer', { hasText: '配達について' }).waitFor();
    expect(await widget(page).locator('.msg-customer').count()).toBe(1);
  });
});

describe('a customer and an agent', () => {
  let customer: Page;
  let agent: Page;
  let conversationId: string;

  it("lets the agent see the customer typing, and shows the agent's name, the time and safe links", async () => {
    customer = await newPage();
    await openWidget(customer, agentChannel);
    await say(customer, 'Hello, I need help with a delivery');
    await widget(customer).getByText('You are chatting with an agent.').waitFor();
    conversationId = (await openConversation(agentChannel)).id;

    agent = await newPage();
    await signIn(agent, server.url, 'mei@e2e.test', PASSWORD);
    await agent.goto(`${server.url}/#/console/${conversationId}`);
    const timeline = agent.getByTestId('timeline');
    await timeline.getByText('Hello, I need help with a delivery').waitFor();
    await typeInto(customer, widget(customer).getByLabel('Type a message…', { exact: true }), 'The parcel');
    await timeline.getByText('Customer is typing…').waitFor();
    await customer.keyboard.press('Enter');

    const reply = 'Track it here: https://example.com/track?id=42. Not this: javascript:alert(1)';
    expect((await server.api('POST', `/conversations/${conversationId}/messages`, { text: reply, agentId })).status).toBe(201);
    const message = widget(customer).locator('.msg-agent', { hasText: 'Track it here' });
    await message.waitFor();
    expect(await message.locator('.who .name').textContent()).toBe('Mei Lin');
    expect(await message.locator('time').textContent()).toMatch(/^\d{1,2}:\d{2}/);
    const link = message.getByRole('link', { name: 'https://example.com/track?id=42' });
    expect(await link.getAttribute('href')).toBe('https://example.com/track?id=42');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await message.locator('a').count()).toBe(1);
    expect(await message.textContent()).toContain('javascript:alert(1)');
    await customer.reload();
    await widget(customer).locator('.msg-agent .who .name', { hasText: 'Mei Lin' }).waitFor();
    await screenshot(customer, 'widget-desktop');
    expect(await seriousViolations(customer)).toEqual([]);
  });

  it('closes on Escape and counts a reply that arrives while closed on the bubble', async () => {
    await widget(customer).getByLabel('Type a message…', { exact: true }).click();
    await customer.keyboard.press('Escape');
    await widget(customer).getByRole('button', { name: 'Chat with us' }).waitFor();
    expect((await server.api('POST', `/conversations/${conversationId}/messages`, { text: 'Are you still there?', agentId })).status).toBe(201);
    await widget(customer).getByRole('button', { name: 'Chat with us (1 new)' }).click();
    await widget(customer).locator('.msg-agent', { hasText: 'Are you still there?' }).waitFor();
    expect(await widget(customer).locator('.badge').isVisible()).toBe(false);
  });

  it('lets the customer end the chat; the agent sees it completed and is free again', async () => {
    await widget(customer).getByRole('button', { name: 'End chat' }).click();
    const confirm = widget(customer).getByRole('group', { name: 'End this chat?' });
    await confirm.waitFor();
    expect(await seriousViolations(customer)).toEqual([]);
    await confirm.getByRole('button', { name: 'End chat' }).click();
    await widget(customer).getByText('You ended the chat.').waitFor();
    expect(await widget(customer).getByRole('button', { name: 'End chat' }).count()).toBe(0);
    await agent.getByTestId('conversation-status').getByText('completed').waitFor();
    const conv = await server.api('GET', `/conversations/${conversationId}`);
    expect(conv.body).toMatchObject({ status: 'completed', closeReason: 'closed_by_customer' });
    expect((await server.api('GET', '/routing')).body.agents.find((a: { id: string }) => a.id === agentId).load).toBe(0);
  });
});

describe('the widget on a phone, in Japanese, with a greeting and a pre-chat form', () => {
  it('asks for a name (required) and an email (optional), names the contact, and fits a 390 × 844 screen', async () => {
    const page = await newPage({ ...PHONE, locale: 'ja-JP' });
    await openWidget(page, formChannel, 'ja');
    const w = widget(page);
    await w.getByText('こんにちは！ご用件をどうぞ。').waitFor();
    await w.getByRole('button', { name: 'チャットを始める' }).click();
    await w.getByRole('alert').getByText('入力してください：お名前。').waitFor();
    expect(await w.getByLabel('お名前').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'widget-phone-prechat-ja');
    expect(await seriousViolations(page)).toEqual([]);
    await typeInto(page, w.getByLabel('お名前'), '田中 恵');
    await typeInto(page, w.getByLabel('メールアドレス （任意）'), 'kei@example.jp');
    await page.keyboard.press('Enter');
    const box = w.getByLabel('メッセージを入力…', { exact: true });
    await box.waitFor();
    await say(page, '注文の配達について教えてください', 'メッセージを入力…');
    await w.locator('.msg-customer', { hasText: '注文の配達' }).waitFor();

    const conv = await openConversation(formChannel);
    expect((await server.api('GET', `/contacts/${conv.contactId}`)).body).toMatchObject({ name: '田中 恵', attributes: { email: 'kei@example.jp' } });
    // iOS zooms into any field under 16 px on focus.
    expect(await box.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    const panel = await w.getByRole('dialog').boundingBox();
    expect(panel).toMatchObject({ x: 0, y: 0, width: 390, height: 844 });
    const send = await w.getByRole('button', { name: '送信' }).boundingBox();
    expect(send!.y + send!.height).toBeLessThanOrEqual(844);
    expect(send!.height).toBeGreaterThanOrEqual(44);
    await screenshot(page, 'widget-phone');
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('waiting in line', () => {
  it('shows the place in the queue as the server reports it, and moves up when the customer ahead ends the chat', async () => {
    const first = await newPage(PHONE);
    const second = await newPage(PHONE);
    await openWidget(first, queueChannel);
    await say(first, 'Bonjour, I need help');
    await widget(first).getByText('You are next in line.', { exact: true }).waitFor();
    await openWidget(second, queueChannel);
    await say(second, 'Bonjour, me too');
    // exact: the R12 waiting message in the transcript also starts with these words.
    await widget(second).getByText('You are number 2 in the queue.', { exact: true }).waitFor();
    await widget(first).getByRole('button', { name: 'End chat' }).click();
    await widget(first).getByRole('button', { name: 'End chat' }).last().click();
    await widget(first).getByText('You ended the chat.').waitFor();
    await widget(second).getByText('You are next in line.', { exact: true }).waitFor();
    const list = await server.api('GET', `/conversations?channelId=${queueChannel}&status=completed`);
    expect(list.body.items.map((c: { closeReason: string }) => c.closeReason)).toEqual(['abandoned']);
  });
});
