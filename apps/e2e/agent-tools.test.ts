import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot, signedInPage } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';
import { say, widget } from './support/widget.ts';

/**
 * Agent tools in Chromium with a real keyboard (issue #15): the `/` picker
 * with a placeholder prompt, an internal note with an @mention, tags at
 * close, who else is viewing and typing (two browser contexts), and the
 * satisfaction stars in the widget; desktop and phone, axe on each.
 */
const PASSWORD = 'correct-horse-battery';
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

let server: UiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let conversationId: string;
let secondId: string;
let webChannel: string;
let meiId: string;

const signedIn = (email: string, viewport = DESKTOP) => signedInPage(browser, server.url, { email, password: PASSWORD, viewport, contexts, acceptDialogs: true });

const timeline = (page: Page) => page.getByTestId('timeline');
const expectAccessible = async (page: Page, state: string) => expect(await seriousViolations(page), state).toEqual([]);

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const { api } = server;
  const mei = await api('POST', '/agents', { name: 'Mei Lin', email: 'mei@e2e.test', password: PASSWORD, role: 'agent', capacity: 6 });
  meiId = mei.body.id;
  expect((await api('POST', '/agents', { name: 'Sam Supervisor', email: 'sam@e2e.test', password: PASSWORD, role: 'supervisor' })).status).toBe(201);
  expect((await api('POST', '/agents', { name: 'Ada Admin', email: 'ada@e2e.test', password: PASSWORD, role: 'admin' })).status).toBe(201);
  await api('PUT', `/agents/${meiId}/presence`, { presence: 'ready' });
  for (const [name, color] of [
    ['Returns', '#d97706'],
    ['Billing', '#2563eb'],
    ['Shipping', '#059669'],
  ]) {
    expect((await api('POST', '/tags', { name, color })).status).toBe(201);
  }
  await api('POST', '/canned-responses', {
    shortcut: 'refund',
    folder: 'Billing',
    text: 'Hi {{contact.name}}, your refund of {{?Amount}} is on its way. — {{agent.name}}',
  });
  await api('POST', '/canned-responses', { shortcut: 'thanks', text: '感謝您的耐心等候！Thank you for waiting.' });
  await api('PATCH', '/settings/csat', { enabled: true, message: 'How did we do today?' });
  const shop = await api('POST', '/channels', { type: 'api', name: 'Shop app', bot: false });
  const first = await api('POST', `/channels/${shop.body.id}/inbound`, {
    contact: { externalId: 'ana-1', name: 'Ana Example' },
    text: 'I returned the shoes, where is my money?',
  });
  conversationId = first.body.conversationId;
  const second = await api('POST', `/channels/${shop.body.id}/inbound`, { contact: { externalId: 'bo-1', name: 'Bo Chen' }, text: 'Parcel SB-204 is late' });
  secondId = second.body.conversationId;
  webChannel = (await api('POST', '/channels', { type: 'webchat', name: 'Help desk', bot: false })).body.id;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('agent tools in the console', () => {
  let mei: Page;
  let sam: Page;

  it('/ opens the canned picker; a placeholder prompt is filled before sending', async () => {
    mei = await signedIn('mei@e2e.test');
    await mei.goto(`${server.url}/#/console/${conversationId}`);
    await mei.getByRole('heading', { name: /Ana Example/ }).waitFor();
    await mei.getByLabel('Reply').click();
    await mei.keyboard.type('/ref');
    await mei.getByRole('option', { name: /\/refund/ }).waitFor();
    await expectAccessible(mei, 'canned picker open');
    await screenshot(mei, 'agent-tools-canned-picker');
    await mei.keyboard.press('Enter');
    const prompt = mei.getByRole('form', { name: 'Fill in before sending' });
    await prompt.getByLabel('Amount').waitFor();
    await mei.keyboard.type('NT$1,200');
    await mei.keyboard.press('Enter');
    await expect.poll(() => mei.getByLabel('Reply').inputValue()).toBe('Hi Ana Example, your refund of NT$1,200 is on its way. — Mei Lin');
    await mei.keyboard.press('ControlOrMeta+Enter');
    await timeline(mei).locator('li.msg-agent').filter({ hasText: 'your refund of NT$1,200' }).waitFor();
    const used = await server.api('GET', '/canned-responses?q=refund');
    expect(used.body.items[0].usageCount).toBe(1);
  });

  it('shows a colleague viewing and typing, across two browser contexts', async () => {
    sam = await signedIn('sam@e2e.test');
    await sam.goto(`${server.url}/#/console/${conversationId}`);
    await sam.getByRole('heading', { name: /Ana Example/ }).waitFor();
    await mei.getByTestId('viewers').getByText('Sam Supervisor viewing').waitFor();
    await sam.getByLabel('Reply').click();
    await sam.keyboard.type('Checking the refund');
    await mei.getByTestId('viewers').getByText('Sam Supervisor typing…').waitFor();
    await sam.getByTestId('viewers').getByText('Mei Lin viewing').waitFor();
    await screenshot(mei, 'agent-tools-collision');
    // Sam is not the assignee: a reply as himself is refused until he takes it over.
    await sam.keyboard.press('ControlOrMeta+Enter');
    await sam
      .getByRole('alert')
      .getByText(/take it over by transfer/)
      .waitFor();
    await sam.getByLabel('Reply').click();
    await sam.keyboard.press('ControlOrMeta+A');
    await sam.keyboard.press('Backspace');
  });

  it('writes an internal note with an @mention: shown apart, the colleague told, the customer not', async () => {
    await mei.getByLabel('Internal note (staff only)').check();
    await mei.getByLabel('Reply').click();
    await mei.keyboard.type('@Sam Supervisor can you approve the NT$1,200 refund?');
    await mei.keyboard.press('ControlOrMeta+Enter');
    const note = timeline(mei).locator('li.msg-private').filter({ hasText: 'approve the NT$1,200 refund' });
    await note.waitFor();
    expect(await note.locator('.note-badge').innerText()).toMatch(/internal note/i);
    await sam.getByText('Mei Lin mentioned you in a note').waitFor();
    await timeline(sam).locator('li.msg-private').filter({ hasText: 'approve the NT$1,200 refund' }).waitFor();
    await expectAccessible(mei, 'timeline with a note');
    await screenshot(mei, 'agent-tools-note');
    const messages = (await server.api('GET', `/conversations/${conversationId}/messages`)).body.items;
    expect(messages.find((m: { text: string }) => m.text.includes('approve the NT$1,200')).private).toBe(true);
    await mei.getByLabel('Internal note (staff only)').uncheck();
  });

  it('closes with service-reason tags', async () => {
    await mei.getByRole('button', { name: 'Close', exact: true }).click();
    const picker = mei.getByRole('form', { name: 'Service-reason tags' });
    await picker.getByLabel('Returns').check();
    await picker.getByLabel('Billing').check();
    await expectAccessible(mei, 'tag picker at close');
    await screenshot(mei, 'agent-tools-tags');
    await picker.getByRole('button', { name: 'Close conversation' }).click();
    await mei.getByTestId('conversation-status').getByText('Completed').waitFor();
    await mei.getByTestId('conversation-tags').getByText('Returns').waitFor();
    const item = (await server.api('GET', `/conversations/${conversationId}`)).body;
    expect(item.tags.map((t: { name: string }) => t.name)).toEqual(['Billing', 'Returns']);
    // History lists by tag: only Ana's conversation carries Returns.
    await mei.goto(`${server.url}/#/history`);
    await mei.getByLabel('Tag', { exact: true }).selectOption({ label: 'Returns' });
    await mei.getByRole('button', { name: 'Search', exact: true }).click();
    const results = mei.getByTestId('history-results');
    await expect.poll(() => results.locator('li').count()).toBe(1);
    await results.getByText('Ana Example').waitFor();
  });

  it('works on a phone: the picker and the note toggle, accessible', async () => {
    const phone = await signedIn('mei@e2e.test', PHONE);
    await phone.goto(`${server.url}/#/console/${secondId}`);
    await phone.getByRole('heading', { name: /Bo Chen/ }).waitFor();
    await phone.getByLabel('Reply').click();
    await phone.keyboard.type('/thanks');
    await phone.getByRole('option', { name: /\/thanks/ }).waitFor();
    await expectAccessible(phone, 'canned picker on a phone');
    await screenshot(phone, 'agent-tools-canned-phone');
    await phone.keyboard.press('Enter');
    await expect.poll(() => phone.getByLabel('Reply').inputValue()).toBe('感謝您的耐心等候！Thank you for waiting.');
    await phone.keyboard.press('ControlOrMeta+Enter');
    await timeline(phone).locator('li.msg-agent').filter({ hasText: 'Thank you for waiting.' }).waitFor();
  });
});

describe('the admin tab', () => {
  it('adds a tag and a canned response, and turns wrap-up on', async () => {
    const ada = await signedIn('ada@e2e.test');
    await ada.goto(`${server.url}/#/admin/agent-tools`);
    await ada.getByRole('heading', { name: 'Agent tools', level: 1 }).waitFor();
    await ada.getByLabel('Tag name').click();
    await ada.keyboard.type('退貨 Returns desk');
    await ada.keyboard.press('Enter');
    await ada.getByText('退貨 Returns desk').waitFor();
    await ada.getByLabel('Shortcut').click();
    await ada.keyboard.type('address');
    await ada.getByLabel('Text', { exact: true }).click();
    await ada.keyboard.type('Please send your new address, {{contact.name}}.');
    await ada.getByRole('button', { name: 'Add' }).nth(1).click();
    await ada.getByRole('cell', { name: /\/address/ }).waitFor();
    await ada.getByLabel('Wrap-up seconds after close (0 = none)').click();
    await ada.keyboard.press('ControlOrMeta+A');
    await ada.keyboard.type('30');
    await ada.getByRole('button', { name: 'Save' }).click();
    await ada.getByRole('status').getByText('Saved').waitFor();
    expect((await server.api('GET', '/settings/agent-tools')).body.wrapUpSeconds).toBe(30);
    await expectAccessible(ada, 'agent tools admin');
    await screenshot(ada, 'agent-tools-admin');
    await server.api('PATCH', '/settings/agent-tools', { wrapUpSeconds: 0 });
  });
});

describe('satisfaction in the widget', () => {
  for (const [label, options] of [
    ['desktop', { viewport: { width: 1280, height: 800 } }],
    ['phone', { viewport: PHONE, isMobile: true, hasTouch: true }],
  ] as const) {
    it(`shows five stars after the agent closes, and records the one clicked (${label})`, async () => {
      const context = await browser.newContext({ locale: 'en-US', bypassCSP: true, ...options });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(server.customerPageUrl(webChannel));
      await widget(page)
        .getByRole('button', { name: /Chat with us/ })
        .click();
      await say(page, `Hello from the ${label}`);
      await widget(page)
        .locator('.msg-customer', { hasText: `Hello from the ${label}` })
        .waitFor();
      // The message is stored before routing assigns it: wait for the assignment, as the agent would.
      let conv = '';
      await expect
        .poll(
          async () => {
            const list = await server.api('GET', `/conversations?channelId=${webChannel}&status=processing`);
            conv = (list.body.items[0]?.id as string | undefined) ?? '';
            return conv;
          },
          { timeout: 10_000 },
        )
        .not.toBe('');
      expect((await server.api('POST', `/conversations/${conv}/close`, {})).status).toBe(200);
      const stars = widget(page).getByRole('group', { name: 'Rate this conversation' });
      await stars.waitFor();
      expect(await seriousViolations(page), `widget stars (${label})`).toEqual([]);
      await screenshot(page, `agent-tools-widget-stars${label === 'phone' ? '-phone' : ''}`);
      await stars.getByRole('button', { name: 'Rate 4 out of 5' }).click();
      await expect.poll(async () => (await server.api('GET', `/conversations/${conv}`)).body.csat).toEqual({ rating: 4, comment: null });
    });
  }
});
