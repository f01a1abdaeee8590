import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot, signIn } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * An admin gives a channel its own queue policy in the channel form (SPEC
 * R10–R12) with the keyboard — relaxation, messages, repetition, own
 * hours — on a desktop and a 390 × 844 phone; the server stores exactly that,
 * the form shows it back, and the relaxation it causes reads in the history.
 */
const PASSWORD = 'correct-horse-battery';
const DESKTOP = { width: 1280, height: 1000 };
const PHONE = { width: 390, height: 844 };

let server: UiServer;
let browser: Browser;
let channelId: string;

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const made = await server.api('POST', '/agents', { name: 'Iris Admin', email: 'iris@e2e.test', password: PASSWORD, role: 'admin', skills: ['english'] });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  channelId = (await server.api('POST', '/channels', { type: 'api', name: 'Japan line', bot: false, skills: ['japanese'] })).body.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'en-GB',
    timezoneId: 'Asia/Tokyo',
    bypassCSP: true,
    ...(viewport.width < 500 && { isMobile: true, hasTouch: true }),
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  await signIn(page, server.url, 'iris@e2e.test', PASSWORD);
  await page.goto(`${server.url}/#/admin/channels`);
  await page.getByRole('cell', { name: 'Japan line' }).waitFor();
  await page.getByRole('button', { name: /Edit.*Japan line/ }).click();
  return page;
}

/** Into the field, everything in it selected, then typed as a person types. */
async function retype(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.press('ControlOrMeta+a');
  if (text) await page.keyboard.type(text);
  else await page.keyboard.press('Backspace');
}

const LABELS = {
  relaxOn: 'Relax the required skills when nobody holding them answers',
  relaxTo: 'Relax to these skills (empty = any ready agent)',
  relaxAfter: 'Relax after waiting (seconds)',
  noneOnline: 'Relax at once when nobody holding the skills is online',
  waiting: 'Waiting message ({position}, {eta}; empty = the workspace default)',
  repeat: 'Repeat the waiting message every (seconds; empty = workspace setting, 0 = never)',
  offHours: 'Off-hours message ({opening}; empty = the workspace default)',
  ownHours: 'This channel has its own business hours',
};

describe("a channel's queue policy in the console", () => {
  it('is edited with the keyboard, stored as typed, shown back, and its relaxation reads in the history', async () => {
    const page = await open(DESKTOP);
    const form = page.getByRole('form', { name: 'Edit' });
    await form.getByLabel(LABELS.relaxOn).check();
    await retype(page, LABELS.relaxTo, 'english');
    await retype(page, LABELS.relaxAfter, '120');
    await form.getByLabel(LABELS.noneOnline).check();
    await retype(page, LABELS.waiting, 'あなたは {position} 番目です（{eta}）');
    await retype(page, LABELS.repeat, '300');
    await retype(page, LABELS.offHours, 'Closed; back {opening}.');
    await form.getByLabel(LABELS.ownHours).check();
    await retype(page, 'Time zone', 'Asia/Tokyo');
    await form.getByRole('row', { name: /Mon/ }).getByRole('button', { name: 'Add hours' }).click();
    await screenshot(page, 'channel-queue-policy-desktop');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('cell', { name: 'english · 120 s · ∅' }).waitFor();

    const stored = (await server.api('GET', `/channels/${channelId}`)).body;
    expect(stored).toMatchObject({
      relaxTo: ['english'],
      relaxAfterSeconds: 120,
      relaxWhenNoneOnline: true,
      waitingMessage: 'あなたは {position} 番目です（{eta}）',
      waitingRepeatSeconds: 300,
      offHoursMessage: 'Closed; back {opening}.',
      businessHours: { timezone: 'Asia/Tokyo', weekly: { mon: [['09:00', '18:00']] } },
    });

    // The form shows back what is stored.
    await page.getByRole('button', { name: /Edit.*Japan line/ }).click();
    expect(await page.getByLabel(LABELS.relaxTo, { exact: true }).inputValue()).toBe('english');
    expect(await page.getByLabel(LABELS.relaxAfter, { exact: true }).inputValue()).toBe('120');
    expect(await page.getByLabel(LABELS.repeat, { exact: true }).inputValue()).toBe('300');
    expect(await page.getByLabel(LABELS.noneOnline).isChecked()).toBe(true);
    expect(await page.getByLabel('Mon From 1', { exact: true }).inputValue()).toBe('09:00');
    await page.context().close();

    // Nobody with japanese is online, so a customer's conversation is relaxed to english at once, and the history says so.
    const iris = (await server.api('GET', '/agents')).body.items.find((a: { email: string }) => a.email === 'iris@e2e.test').id;
    await server.api('PUT', '/settings/business-hours', {
      timezone: 'Asia/Tokyo',
      weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]])),
    });
    await server.api('PATCH', `/channels/${channelId}`, { businessHours: null });
    await server.api('PUT', `/agents/${iris}/presence`, { presence: 'ready' });
    const inbound = await server.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'sato', name: 'Sato' }, text: '英語でも大丈夫です' });
    expect((await server.api('GET', `/conversations/${inbound.body.conversationId}`)).body).toMatchObject({ status: 'processing', skills: ['english'] });
    const history = await open(DESKTOP);
    await history.goto(`${server.url}/#/console/${inbound.body.conversationId}`);
    await history.getByTestId('timeline').getByText('Widened the search, nobody with japanese online: → english').waitFor();
    await history
      .getByTestId('timeline')
      .getByText(/^Assigned to Iris Admin/)
      .waitFor();
    await screenshot(history, 'channel-queue-policy-history');
    await history.context().close();
  });

  it('fits a phone: the admin turns the repetition off for this channel and drops the relaxation', async () => {
    const page = await open(PHONE);
    const form = page.getByRole('form', { name: 'Edit' });
    await retype(page, LABELS.repeat, '0');
    await form.getByLabel(LABELS.relaxOn).uncheck();
    await screenshot(page, 'channel-queue-policy-phone');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await server.api('GET', `/channels/${channelId}`)).body.waitingRepeatSeconds).toBe(0);
    expect((await server.api('GET', `/channels/${channelId}`)).body).toMatchObject({
      relaxTo: null,
      relaxAfterSeconds: null,
      relaxWhenNoneOnline: false,
      waitingMessage: 'あなたは {position} 番目です（{eta}）',
    });
    await page.context().close();
  });
});
