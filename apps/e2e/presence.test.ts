import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';
import { say, widget } from './support/widget.ts';
import { startScheduler } from '../server/src/scheduler/scheduler.ts';
import { followPresence } from '../server/src/presence/follow.ts';
import { consoleSockets, visitorSockets } from '../server/src/presence/connections.ts';

/**
 * SPEC R14 in real browsers (issue #10): presence follows the person. An
 * agent who signs out is offline at once; an agent who closes the console
 * tab is offline once the grace has passed; a visitor who closes the page
 * while queued has abandoned. A supervisor watches each on the board, on a
 * phone and on a desktop. The server's own scheduler task runs as in
 * production; the graces are short (15 s, the floor) and the fake clock is
 * moved past them instead of waiting in real time.
 */
const PASSWORD = 'correct-horse-battery';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const GRACE_SECONDS = 15;

let server: UiServer;
let browser: Browser;
let stopScheduler: () => void;
const contexts: BrowserContext[] = [];
let meiId: string;
let queueChannel: string;

async function newPage(viewport: { width: number; height: number }) {
  const phone = viewport === PHONE;
  const context = await browser.newContext({ viewport, locale: 'en-US', isMobile: phone, hasTouch: phone, bypassCSP: true });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  return page;
}

async function signIn(viewport: { width: number; height: number }, email: string) {
  const page = await newPage(viewport);
  await page.goto(`${server.url}/`);
  await page.getByLabel('Email').click();
  await page.keyboard.type(email);
  await page.getByLabel('Password').click();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return page;
}

/** The supervisor board's presence control for Mei: what the supervisor reads. */
const meiOnBoard = (supervisor: Page) => supervisor.getByTestId('agents-table').getByLabel('Set presence of Mei Lin');
const boardSays = (supervisor: Page, presence: string) => expect.poll(() => meiOnBoard(supervisor).inputValue(), { timeout: 10_000 }).toBe(presence);
const presenceOfMei = async () => (await server.api('GET', `/agents/${meiId}`)).body.presence as string;

/** A closed tab reaches the server through real I/O: wait until this process no longer counts the socket. */
async function socketGone(sockets: { keys(): string[] }, key: string | ((keys: string[]) => boolean)) {
  const still = () => (typeof key === 'string' ? sockets.keys().includes(key) : key(sockets.keys()));
  await expect.poll(still, { timeout: 10_000 }).toBe(false);
}

/** Moves the server's clock on, in scheduler-sized steps so each heartbeat beat happens as it would. */
async function pass(seconds: number) {
  for (let t = 0; t < seconds; t += 5) {
    server.clock.advance(5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  stopScheduler = startScheduler(server.container.deps, [followPresence]);
  browser = await launchBrowser();
  const { api } = server;
  const made = await Promise.all([
    api('POST', '/agents', { name: 'Mei Lin', email: 'mei@e2e.test', password: PASSWORD, role: 'agent', capacity: 4 }),
    api('POST', '/agents', { name: 'Sam Supervisor', email: 'sam@e2e.test', password: PASSWORD, role: 'supervisor' }),
    // Nobody speaks French: a customer here waits in line.
    api('POST', '/channels', { type: 'webchat', name: 'French desk', bot: false, skills: ['french'] }),
    api('PATCH', '/settings/routing', { disconnectGraceSeconds: GRACE_SECONDS, visitorGraceSeconds: GRACE_SECONDS }),
  ]);
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  meiId = made[0].body.id;
  queueChannel = made[2].body.id;
});

afterAll(async () => {
  stopScheduler?.();
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('presence follows the person (R14), seen by a supervisor', () => {
  it('an agent who signs out is offline at once (agent on a desktop, supervisor on a phone)', async () => {
    const supervisor = await signIn(PHONE, 'sam@e2e.test');
    const mei = await signIn(DESKTOP, 'mei@e2e.test');
    await mei.getByTestId('my-presence').selectOption('ready');
    await boardSays(supervisor, 'ready');
    await mei.getByRole('button', { name: 'Sign out' }).click();
    await mei.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await presenceOfMei()).toBe('offline');
    await boardSays(supervisor, 'offline');
    expect(await seriousViolations(supervisor), 'supervisor board on a phone').toEqual([]);
    await supervisor.close();
  });

  it('an agent who closes the console tab is offline after disconnectGraceSeconds, not before (agent on a phone, supervisor on a desktop)', async () => {
    const supervisor = await signIn(DESKTOP, 'sam@e2e.test');
    const mei = await signIn(PHONE, 'mei@e2e.test');
    await mei.getByTestId('my-presence').selectOption('ready');
    await boardSays(supervisor, 'ready');
    await mei.close();
    await socketGone(consoleSockets, meiId);
    await pass(GRACE_SECONDS - 5);
    expect(await presenceOfMei()).toBe('ready');
    await pass(10);
    await expect.poll(presenceOfMei, { timeout: 5000 }).toBe('offline');
    await boardSays(supervisor, 'offline');
    // The supervisor's own console stayed open all along: its heartbeat kept Sam present.
    expect((await server.api('GET', '/routing')).body.agents.find((a: { id: string }) => a.id === meiId)).toMatchObject({ presence: 'offline' });
    await supervisor.close();
  });

  it.each([
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const)('a visitor who closes the page while queued has abandoned after visitorGraceSeconds (%s)', async (label, viewport) => {
    const supervisor = await signIn(DESKTOP, 'sam@e2e.test');
    const stats = supervisor.getByTestId('live-stats');
    await stats.waitFor();
    const abandonedBefore = Number(await stats.locator('.tile', { hasText: 'Abandoned' }).locator('dd').innerText());
    const customer = await newPage(viewport);
    await customer.goto(server.customerPageUrl(queueChannel));
    await widget(customer).getByRole('button', { name: 'Chat with us' }).click();
    await say(customer, 'Bonjour, ma commande est en retard');
    // The status line (the R12 waiting message in the transcript starts with the same words).
    await widget(customer)
      .locator('.status', { hasText: /You are (next in line|number \d+ in the queue)\./ })
      .waitFor();
    const waiting = (await server.api('GET', `/conversations?channelId=${queueChannel}&status=waiting`)).body.items as Array<{ id: string }>;
    const conversationId = waiting.at(-1)!.id;
    const before = new Set(visitorSockets.keys());
    await customer.close();
    await socketGone(visitorSockets, (keys) => keys.length >= before.size);
    await pass(GRACE_SECONDS - 5);
    expect((await server.api('GET', `/conversations/${conversationId}`)).body.status).toBe('waiting');
    await pass(10);
    await expect
      .poll(async () => (await server.api('GET', `/conversations/${conversationId}`)).body, { timeout: 5000 })
      .toMatchObject({ status: 'completed', closeReason: 'abandoned' });
    await stats
      .locator('.tile', { hasText: 'Abandoned' })
      .locator('dd', { hasText: String(abandonedBefore + 1) })
      .waitFor();
    if (label === 'desktop') await screenshot(supervisor, 'supervisor-presence');
    await supervisor.close();
  });
});
