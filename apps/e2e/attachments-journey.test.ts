import type { Browser, BrowserContext, FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';
import { say, widget } from './support/widget.ts';
import { PARCEL_PHOTO, RETURN_LABEL } from './support/files.ts';

/**
 * Issue #10, "attachments reach people": a customer in the widget talks to
 * the bot, asks for a person, sends a picture; the agent sees it inline in
 * the timeline, answers with a picture of their own from the reply box's
 * attach control, and closes. The customer sees the agent's picture. Keys
 * only (Tab / Enter open the file pickers), on a desktop and on a
 * 390 × 844 phone; axe on both sides with the pictures showing.
 */
const PASSWORD = 'correct-horse-battery';
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };

let server: UiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let channelId: string;

async function newPage(viewport: { width: number; height: number }) {
  const phone = viewport === PHONE;
  // bypassCSP: axe's source is injected as an inline script, which the console's CSP refuses (as it should).
  const context = await browser.newContext({ viewport, locale: 'en-US', isMobile: phone, hasTouch: phone, bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  page.on('filechooser', (c) => choosers.get(page)?.(c));
  return page;
}

async function signIn(page: Page, email: string) {
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').click();
  await page.keyboard.type(email);
  await page.getByLabel('Password').click();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * Focuses a button, presses Enter as a keyboard user does, and answers the
 * file chooser it opens. The page listens for choosers from its start:
 * Playwright turns interception on asynchronously, and a chooser opened
 * before that would go to the (headless) system dialog and never come back.
 */
const choosers = new WeakMap<Page, (chooser: FileChooser) => void>();
async function chooseWithKeyboard(page: Page, button: ReturnType<Page['locator']>, file: { name: string; mimeType: string; buffer: Buffer }) {
  const chosen = new Promise<void>((resolve, reject) => choosers.set(page, (c) => void c.setFiles(file).then(resolve, reject)));
  await button.focus();
  await page.keyboard.press('Enter');
  await chosen;
}

/** True once the browser has decoded the picture (a broken or refused URL has no natural width). */
const shown = (img: ReturnType<Page['locator']>) => expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth), { timeout: 5000 }).toBe(240);

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const { api } = server;
  const made = await Promise.all([
    api('POST', '/channels', { type: 'webchat', name: 'Shop chat', bot: true }),
    api('POST', '/agents', { name: 'Mei Lin', email: 'mei@e2e.test', password: PASSWORD, role: 'agent', capacity: 5 }),
  ]);
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  channelId = made[0].body.id;
  const rule = await api('POST', '/bot/keywords', { channelId, match: 'contains', pattern: 'hours', reply: 'We are open 9:00 to 18:00.' });
  expect(rule.status, JSON.stringify(rule.body)).toBeLessThan(300);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe.each([
  ['desktop', DESKTOP, ''],
  ['phone', PHONE, '-phone'],
] as const)('widget → bot → person → pictures both ways → close (%s)', (label, viewport, suffix) => {
  let customer: Page;
  let agent: Page;
  let conversationId: string;

  it('the customer talks to the bot, then asks for a person, who gets the conversation', async () => {
    agent = await newPage(viewport);
    await signIn(agent, 'mei@e2e.test');
    await agent.getByTestId('my-presence').selectOption('ready');
    customer = await newPage(viewport);
    await customer.goto(server.customerPageUrl(channelId));
    await widget(customer).getByRole('button', { name: 'Chat with us' }).click();
    await say(customer, 'What are your opening hours?');
    await widget(customer).locator('.msg-bot', { hasText: 'We are open 9:00 to 18:00.' }).waitFor();
    await say(customer, 'agent');
    await widget(customer).getByText('You are chatting with an agent.').waitFor();
    const list = await server.api('GET', `/conversations?channelId=${channelId}&status=processing`);
    conversationId = list.body.items[0].id;
    await agent.goto(`${server.url}/#/console/${conversationId}`);
    await agent.getByTestId('timeline').getByText('What are your opening hours?').waitFor();
  });

  it('sends a picture from the widget with the keyboard; the agent sees it inline', async () => {
    const attach = widget(customer).getByRole('button', { name: 'Attach a file' });
    await chooseWithKeyboard(customer, attach, { name: 'broken-parcel.png', mimeType: 'image/png', buffer: PARCEL_PHOTO });
    const mine = widget(customer).locator('.msg-customer img[alt="broken-parcel.png"]');
    await shown(mine);
    const inTimeline = agent.getByTestId('timeline').locator('li.msg-customer img[alt="broken-parcel.png"]');
    await shown(inTimeline);
    // The file's own text ("[image] broken-parcel.png") is not repeated beside the picture.
    expect(await agent.getByTestId('timeline').locator('li.msg-customer').last().locator('.text').count()).toBe(0);
  });

  it('says clearly in the widget when a file is refused', async () => {
    const attach = widget(customer).getByRole('button', { name: 'Attach a file' });
    await chooseWithKeyboard(customer, attach, { name: 'setup.exe', mimeType: 'application/x-msdownload', buffer: Buffer.from('MZ') });
    await widget(customer).locator('.msg-system', { hasText: 'setup.exe cannot be sent: this kind of file is not accepted.' }).waitFor();
  });

  it('a picture pasted into the message box is sent as well', async () => {
    const box = widget(customer).getByLabel('Type a message…', { exact: true });
    await box.click();
    // A clipboard holding a screenshot, as the browser hands it to the page on Ctrl+V.
    await box.evaluate((el, base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, PARCEL_PHOTO.toString('base64'));
    await shown(agent.getByTestId('timeline').locator('li.msg-customer img[alt="pasted.png"]'));
    expect(await box.inputValue()).toBe('');
  });

  it("the agent answers with a picture from the reply box's attach control; the customer sees it", async () => {
    await chooseWithKeyboard(agent, agent.getByRole('button', { name: 'Attach file' }), {
      name: 'return-label.png',
      mimeType: 'image/png',
      buffer: RETURN_LABEL,
    });
    await agent.getByRole('list', { name: 'Attached files' }).getByText('return-label.png').waitFor();
    await agent.getByLabel('Reply', { exact: true }).click();
    await agent.keyboard.type('Here is your return label.');
    await agent.keyboard.press('ControlOrMeta+Enter');
    const reply = agent.getByTestId('timeline').locator('li.msg-agent', { hasText: 'Here is your return label.' });
    await shown(reply.locator('img[alt="return-label.png"]'));
    const theirs = widget(customer).locator('.msg-agent', { hasText: 'Here is your return label.' });
    await shown(theirs.locator('img[alt="return-label.png"]'));
    expect(await theirs.locator('.who .name').innerText()).toBe('Mei Lin');
    // The agent's list follows the messages: the card's preview is the reply, no longer "unanswered".
    const card = agent.getByTestId('mine').locator('.conv-card');
    await card.locator('.preview', { hasText: 'Here is your return label.' }).waitFor();
    expect(await card.locator('.since').innerText()).not.toMatch(/unanswered/);
    expect(await seriousViolations(agent), `console timeline with pictures (${label})`).toEqual([]);
    expect(await seriousViolations(customer), `widget with pictures (${label})`).toEqual([]);
    await screenshot(agent, `console-attachments${suffix}`);
    await screenshot(customer, `widget-attachments${suffix}`);
  });

  it('the agent closes; the customer sees the chat end', async () => {
    await agent.getByRole('button', { name: 'Close', exact: true }).click();
    await agent.getByTestId('conversation-status').getByText('Completed').waitFor();
    await widget(customer)
      .getByText(/This conversation has ended/)
      .waitFor();
    expect((await server.api('GET', `/conversations/${conversationId}`)).body.status).toBe('completed');
    await agent.close();
    await customer.close();
  });
});
