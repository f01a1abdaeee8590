import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * A supervisor replays the day's recorded traffic (#18): first as it was
 * (the replay reproduces every decision), then with two more agents, and
 * compares the two runs on the charts; on a desktop and on a phone.
 */
const PASSWORD = 'correct-horse-battery';
let server: UiServer;
let browser: Browser;

async function typeInto(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

async function open(viewport: { width: number; height: number }) {
  // bypassCSP: axe's source is injected as an inline script, which the console's CSP refuses (as it should).
  const phone = viewport.width < 600;
  const context = await browser.newContext({ viewport, locale: 'en-US', isMobile: phone, hasTouch: phone, bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  await page.goto(`${server.url}/`);
  await typeInto(page, 'Email', 'sue@e2e.test');
  await typeInto(page, 'Password', PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.getByRole('link', { name: 'What-if' }).click();
  return page;
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  await server.api('POST', '/agents', { name: 'Sue Supervisor', email: 'sue@e2e.test', password: PASSWORD, role: 'supervisor' });
  const channel = (await server.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
  const agent = (await server.api('POST', '/agents', { name: 'Only One', email: 'one@e2e.test', capacity: 1 })).body.id;
  await server.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
  const asked: string[] = [];
  for (let i = 0; i < 4; i++)
    asked.push((await server.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: `cust-${i}` }, text: 'help' })).body.conversationId);
  server.clock.advance(90_000);
  await server.api('POST', `/conversations/${asked[0]}/close`, { agentId: agent });
  server.clock.advance(60_000);
  await server.api('POST', `/conversations/${asked[1]}/close`, { agentId: agent });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('what-if page', () => {
  it('replays the day as recorded, then with two more agents, and shows both on charts', async () => {
    const page = await open({ width: 1280, height: 1000 });
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await typeInto(page, 'From (date or ISO time)', today);
    await typeInto(page, 'To (date or ISO time)', tomorrow);
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText(/Replay reproduced every recorded routing decision/).waitFor();

    await typeInto(page, 'Agents to add', '2');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('img', { name: 'Waits in seconds, recorded and simulated' }).waitFor();
    const row = (name: string) => page.getByRole('row', { name: new RegExp(`^${name}`) });
    await expect.poll(() => row('Answered').textContent()).toBe('Answered34');
    expect(await row('Hand-offs').textContent()).toBe('Hand-offs44');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'what-if-desktop');
    await page.context().close();
  }, 120_000);

  it('works on a phone', async () => {
    const page = await open({ width: 390, height: 844 });
    await typeInto(page, 'Arrivals × factor', '2');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('img', { name: 'Service level and abandon rate in percent, recorded and simulated' }).waitFor();
    expect(await page.getByRole('row', { name: /^Hand-offs/ }).textContent()).toBe('Hand-offs48');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('img', { name: 'Waits in seconds, recorded and simulated' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'what-if-phone');
    await page.context().close();
  }, 120_000);
});
