import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, signedInPage } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * Issue #10, "timeline in people's words": each wait says where the customer
 * stood when it began (from the history's waiting message), and the latest
 * says where they stand now once the line has moved; never a raw id.
 */
const PASSWORD = 'correct-horse-battery';

let server: UiServer;
let browser: Browser;
let channelId: string;
const conversations: string[] = [];

const signedIn = (viewport: { width: number; height: number }) => signedInPage(browser, server.url, { email: 'sam@e2e.test', password: PASSWORD, viewport });

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const { api } = server;
  expect((await api('POST', '/agents', { name: 'Sam Supervisor', email: 'sam@e2e.test', password: PASSWORD, role: 'supervisor' })).status).toBe(201);
  // Nobody speaks Japanese: everyone here waits in line.
  channelId = (await api('POST', '/channels', { type: 'api', name: 'LINE Japan', bot: false, skills: ['japanese'] })).body.id;
  for (const [i, name] of ['Haruto Sato', 'Yui Tanaka', 'Sora Kato'].entries()) {
    const r = await api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `jp-${i}`, name }, text: '配送状況を教えてください' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    conversations.push(r.body.conversationId);
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each([
  ['desktop', { width: 1280, height: 860 }],
  ['phone', { width: 390, height: 844 }],
] as const)('waits in the timeline (%s)', (label, viewport) => {
  it('shows the place in line the wait began at, and where the customer stands now', async () => {
    const sam = await signedIn(viewport);
    const timeline = sam.getByTestId('timeline');
    if (label === 'desktop') {
      await sam.goto(`${server.url}/#/supervisor/${conversations[2]}`);
      await timeline.getByText(/^Waiting for an agent.*\(3rd in line\)$/).waitFor();
      // Haruto, first in line, leaves: Sora moves up, and the timeline says both.
      expect((await server.api('POST', `/channels/${channelId}/leave`, { contact: { externalId: 'jp-0' } })).status).toBe(200);
      await sam.reload();
    } else await sam.goto(`${server.url}/#/supervisor/${conversations[2]}`);
    await timeline.getByText(/^Waiting for an agent.*\(3rd in line, now 2nd\)$/).waitFor();
    // Yui's wait began 2nd and she is 1st now.
    await sam.goto(`${server.url}/#/supervisor/${conversations[1]}`);
    await timeline.getByText(/^Waiting for an agent.*\(2nd in line, now 1st\)$/).waitFor();
    const text = await timeline.innerText();
    expect(text).not.toMatch(/conv_|agt_|ct_|ch_|msg_|att_|Conversation updated/);
    expect(await seriousViolations(sam), `timeline with waits (${label})`).toEqual([]);
    await sam.context().close();
  });
});
