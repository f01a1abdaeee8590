import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';
import { say, widget } from './support/widget.ts';

/**
 * R12 live in the widget: a customer on a desktop and one on a 390 × 844
 * phone, typing with a real keyboard, watch their place and estimated wait
 * move as the queue moves, then hear the truth when the only agent signs
 * off and when the business day is over — never a stale "number 1".
 */
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let server: UiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(options: Parameters<Browser['newContext']>[0]) {
  const context = await browser.newContext({ locale: 'en-US', ...options });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  return page;
}

async function openWidget(page: Page, channel: string) {
  await page.goto(server.customerPageUrl(channel));
  await widget(page).getByRole('button', { name: 'Chat with us' }).click();
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('the wait, live in the widget', () => {
  it('moves position and estimate with the queue, then says when nobody is online and when we are closed', async () => {
    const { api } = server;
    const desk = (await api('POST', '/channels', { type: 'webchat', name: 'Queue desk', bot: false })).body.id as string;
    const backOffice = (await api('POST', '/channels', { type: 'api', name: 'Back office', bot: false })).body.id as string;
    const ana = (await api('POST', '/agents', { name: 'Ana', email: 'ana@e2e.test', capacity: 1 })).body.id as string;
    expect((await api('PUT', `/agents/${ana}/presence`, { presence: 'ready' })).status).toBe(200);
    // One chat of two minutes is the recorded handle time; a second keeps Ana busy.
    const warm = (await api('POST', `/channels/${backOffice}/inbound`, { contact: { externalId: 'warm' }, text: 'hi' })).body.conversationId;
    server.clock.advance(120_000);
    await api('POST', `/conversations/${warm}/close`, { agentId: ana });
    const busy = (await api('POST', `/channels/${backOffice}/inbound`, { contact: { externalId: 'busy' }, text: 'hi' })).body.conversationId;
    expect((await api('GET', `/conversations/${busy}`)).body.assigneeId).toBe(ana);

    const first = await newPage(DESKTOP);
    await openWidget(first, desk);
    await say(first, 'I need a person');
    await widget(first).getByText('You are next in line.', { exact: true }).waitFor();
    await widget(first).getByText('Estimated wait: about 2 minutes.', { exact: true }).waitFor();

    const second = await newPage(PHONE);
    await openWidget(second, desk);
    await say(second, 'Me too, please');
    await widget(second).getByText('You are number 2 in the queue.', { exact: true }).waitFor();
    await widget(second).getByText('Estimated wait: about 4 minutes.', { exact: true }).waitFor();
    await screenshot(second, 'widget-queue-eta-phone');
    expect(await seriousViolations(second)).toEqual([]);

    // Ana finishes the chat ahead: the first customer is with her, the second moves up.
    await api('POST', `/conversations/${busy}/close`, { agentId: ana });
    await widget(first).getByText('You are chatting with an agent.').waitFor();
    await widget(second).getByText('You are next in line.', { exact: true }).waitFor();
    await widget(second)
      .getByText(/^Estimated wait: about \d+ minutes?\.$/)
      .waitFor();

    // Ana signs off: no number is invented.
    await api('PUT', `/agents/${ana}/presence`, { presence: 'offline' });
    await widget(second).getByText('No agent is online right now; you keep your place.', { exact: true }).waitFor();

    // The business day ends (today is a closed date in London): the widget says until when.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(server.clock.now()));
    const allDay = [['00:00', '24:00']];
    const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, allDay]));
    expect((await api('PUT', '/settings/business-hours', { timezone: 'Europe/London', weekly, closedDates: [today] })).status).toBe(200);
    // The next change in the queue (here a third customer) brings every waiting visitor their standing again.
    const third = await newPage(DESKTOP);
    await openWidget(third, desk);
    await say(third, 'Hello?');
    await widget(second)
      .getByText(/^We're closed until \w{3} 00:00; you keep your place\.$/)
      .waitFor();
    await widget(third).getByText('You are number 2 in the queue.', { exact: true }).waitFor();
    await widget(third)
      .getByText(/^We're closed until \w{3} 00:00; you keep your place\.$/)
      .waitFor();
    await screenshot(third, 'widget-queue-closed-desktop');
    expect(await seriousViolations(third)).toEqual([]);
    // The second customer reloads: the same standing comes with the session, not "number 1" from memory.
    await second.reload(); // the panel stays open across the reload
    await widget(second)
      .getByText(/^We're closed until \w{3} 00:00; you keep your place\.$/)
      .waitFor();
    await api('DELETE', '/settings/business-hours');
  });
});
