import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
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
  // bypassCSP: axe's source is injected as an inline script, which the console's CSP refuses (as it should).
  const context = await browser.newContext({ viewport, locale: 'en-GB', timezoneId: 'Asia/Tokyo', bypassCSP: true });
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

  /** The calendar's day cells are named by their full date and state; today is found by the zone's date. */
  const tokyoToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(Date.now());
  const plus = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const focusedCell = (page: Page) => page.evaluate(() => [document.activeElement?.getAttribute('data-date'), document.activeElement?.querySelector('.sr-only')?.textContent]);

  for (const viewport of [{ width: 1280, height: 1000 }, { width: 390, height: 844 }]) {
    it(`the month calendar closes a day and gives another special hours with the keyboard, and round-trips (${viewport.width}px)`, async () => {
      const weekday = [['09:00', '18:00']];
      const put = await server.api('PUT', '/settings/business-hours', { timezone: 'Asia/Tokyo', weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday }, closedDates: [], specialDates: {} });
      expect(put.status).toBe(200);
      const today = tokyoToday();
      const page = await open(viewport);
      await page.getByRole('link', { name: 'Admin' }).click();
      await page.getByRole('link', { name: 'Business hours' }).click();
      const form = page.getByRole('form', { name: 'Business hours' });
      const grid = form.getByRole('grid');
      await expect.poll(() => form.getByText('Dates are in Asia/Tokyo').count()).toBe(1);
      // Into the grid with Tab from the mode choice: the one tab stop is today.
      await form.getByRole('radio', { name: 'closes it (or opens it again)' }).click();
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      expect(await focusedCell(page)).toEqual([today, expect.stringMatching(/, today$/)]);
      // Tomorrow: closed with Enter.
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      expect(await focusedCell(page)).toEqual([plus(today, 1), expect.stringMatching(/, closed$/)]);
      // Back with Space: open again, then closed once more.
      await page.keyboard.press(' ');
      expect((await focusedCell(page))[1]).not.toMatch(/closed/);
      await page.keyboard.press(' ');
      // A week later: special hours, typed into the editor the calendar moves to.
      await form.getByRole('radio', { name: 'gives it special hours' }).click();
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      expect((await focusedCell(page))[0]).toBe(plus(today, 1));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const special = plus(today, 8);
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`${special} From 1`);
      await page.keyboard.type('1000');
      // Tab walks the time field's segments, then on to "To".
      const active = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      for (let i = 0; i < 3 && (await active()) !== `${special} To 1`; i++) await page.keyboard.press('Tab');
      expect(await active()).toBe(`${special} To 1`);
      await page.keyboard.type('1500');
      await expect.poll(() => grid.locator(`[data-date="${special}"] .sr-only`).textContent()).toMatch(/special hours 10:00–15:00$/);
      await form.getByRole('button', { name: 'Save business hours' }).click();
      await expect.poll(() => form.locator('[role=status], [role=alert]').textContent()).toContain('Saved');
      const stored = (await server.api('GET', '/settings/business-hours')).body;
      expect(stored).toMatchObject({ closedDates: [plus(today, 1)], specialDates: { [special]: [['10:00', '15:00']] } });
      expect(await seriousViolations(page)).toEqual([]);
      await form.locator('.date-calendar').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.querySelector('.date-calendar')?.scrollIntoView({ block: 'start' }));
      await screenshot(page, viewport.width < 500 ? 'business-hours-calendar-phone' : 'business-hours-calendar');

      // Round trip: a fresh page shows what the server holds; Page Down / Up move a month.
      await page.reload();
      await page.getByRole('link', { name: 'Business hours' }).click();
      const month = (d: string) => new Date(`${d}T00:00:00Z`).toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
      await expect.poll(() => form.locator('#calendar-month').textContent()).toBe(month(today));
      await form.getByRole('radio', { name: 'closes it (or opens it again)' }).click();
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      await page.keyboard.press('ArrowRight');
      expect(await focusedCell(page)).toEqual([plus(today, 1), expect.stringMatching(/, closed$/)]);
      await page.keyboard.press('ArrowDown');
      expect(await focusedCell(page)).toEqual([special, expect.stringMatching(/special hours 10:00–15:00$/)]);
      await page.keyboard.press('PageDown');
      await expect.poll(() => form.locator('#calendar-month').textContent()).toBe(month(plus(`${special.slice(0, 8)}01`, 32)));
      await page.keyboard.press('PageUp');
      expect((await focusedCell(page))[0]).toBe(special);
      await form.getByRole('button', { name: 'Next month' }).click();
      await form.getByRole('button', { name: 'Previous month' }).click();
      await expect.poll(() => form.locator('#calendar-month').textContent()).toBe(month(special));
      await page.context().close();
    });
  }

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
