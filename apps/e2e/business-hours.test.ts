import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * An admin edits the business hours (a lunch break on Monday, a holiday) on
 * the weekly grid, a mistake shows the server's reasons, and the supervisor
 * board says when the desk opens again (SPEC R11).
 */
const PASSWORD = 'correct-horse-battery';

let server: UiServer;
let browser: Browser;

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const made = await server.api('POST', '/agents', { name: 'Hana Admin', email: 'hana@e2e.test', password: PASSWORD, role: 'admin' });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Asia/Tokyo' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  await signIn(page, server.url, 'hana@e2e.test', PASSWORD);
  return page;
}

/**
 * Types into a segmented time or date field the way a person does: into it
 * from its first segment (as tabbing in does; a click lands on whichever
 * segment is under the pointer), then the digits.
 */
async function typeSegments(page: Page, label: string, digits: string) {
  await page.getByLabel(label, { exact: true }).focus();
  await page.keyboard.type(digits);
}
const typeTime = (page: Page, label: string, hhmm: string) => typeSegments(page, label, hhmm.replace(':', ''));

describe('business hours', () => {
  it('an admin sets Monday with a lunch break and a closed date on the weekly grid', async () => {
    const page = await open({ width: 1280, height: 1000 });
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('link', { name: 'Business hours' }).click();
    const form = page.getByRole('form', { name: 'Business hours' });
    await form.getByLabel('Time zone').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('Asia/Tokyo');
    // Monday: 09:00–12:00, then 13:00–18:00.
    const monday = form.getByRole('row', { name: /Mon/ });
    await monday.getByRole('button', { name: 'Add hours' }).click();
    await typeTime(page, 'Mon To 1', '12:00');
    await monday.getByRole('button', { name: 'Add hours' }).click();
    await typeTime(page, 'Mon From 2', '13:00');
    await typeTime(page, 'Mon To 2', '18:00');
    await form.getByLabel('Closed dates', { exact: true }).click();
    await page.keyboard.type('2026-12-25');
    await form.getByRole('button', { name: 'Add date' }).first().click();
    await form.getByRole('button', { name: 'Save business hours' }).click();
    await expect.poll(() => form.locator('[role=status], [role=alert]').textContent()).toContain('Saved');
    const stored = (await server.api('GET', '/settings/business-hours')).body;
    expect(stored).toMatchObject({ timezone: 'Asia/Tokyo', weekly: { mon: [['09:00', '12:00'], ['13:00', '18:00']] }, closedDates: ['2026-12-25'] });
    await screenshot(page, 'business-hours-admin');

    // Overlapping hours: the server's reasons are listed by path.
    await form.getByRole('row', { name: /Tue/ }).getByRole('button', { name: 'Add hours' }).click();
    await form.getByRole('row', { name: /Tue/ }).getByRole('button', { name: 'Add hours' }).click();
    await typeTime(page, 'Tue From 2', '10:00');
    await form.getByRole('button', { name: 'Save business hours' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('weekly.tue[1]');
    await page.context().close();
  });

  it('the supervisor board says when the desk opens again, on a phone too', async () => {
    // Closed today and for the next two days (in UTC): the next opening is 09:00 on the third day.
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const all = [['09:00', '18:00']];
    const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, all]));
    const put = await server.api('PUT', '/settings/business-hours', { timezone: 'UTC', weekly, closedDates: [day(0), day(1), day(2)] });
    expect(put.status).toBe(200);
    const weekday = new Date(`${day(3)}T00:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', timeZone: 'UTC' });
    const page = await open({ width: 390, height: 844 });
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await expect.poll(() => page.getByTestId('business-hours-status').textContent()).toBe(`Business hours: Closed until ${weekday} 09:00`);
    await screenshot(page, 'business-hours-board-phone');
    await page.context().close();
  });
});
