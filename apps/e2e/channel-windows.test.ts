import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '@switchboard/core';
import { runOutboxOnce } from '../server/src/channels/outbox/worker.ts';
import { hmac, postWebhook } from '../server/test/channels/support/flows.ts';
import { StandIn } from '../server/test/channels/support/stand-in.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot, signedInPage } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * Issue #14 in the console: a WhatsApp conversation past its 24-hour window
 * says that free text is no longer possible and offers the channel's
 * template; the agent fills its parameters (typed) and sends it, and the
 * platform receives a template message. Telegram's "edited" and the
 * group speaker show on messages. Desktop and phone, axe-clean, screenshots.
 */
const PASSWORD = 'correct-horse-battery';
const DESKTOP = { width: 1280, height: 860 };
const PHONE = { width: 390, height: 844 };
const APP_SECRET = 'e2e-app-secret';

let server: UiServer;
let browser: Browser;
let graph: StandIn;
const contexts: BrowserContext[] = [];
let whatsappId: string;

const signedIn = (email: string, viewport = DESKTOP) => signedInPage(browser, server.url, { email, password: PASSWORD, viewport, contexts });

async function customerWrites(from: string, id: string, body: string) {
  const raw = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1065' }, contacts: [{ wa_id: from, profile: { name: 'Kerry Fisher' } }], messages: [{ from, id, timestamp: '1', type: 'text', text: { body } }] } }] }],
  });
  const res = await postWebhook(server, `/webhooks/whatsapp/${whatsappId}`, raw, { 'x-hub-signature-256': `sha256=${hmac(APP_SECRET, raw, 'hex')}` });
  expect(res.status).toBe(200);
  const row = await server.container.deps.db.selectFrom('messages').select('conversation_id').where('external_id', '=', id).executeTakeFirstOrThrow();
  return row.conversation_id;
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  let n = 0;
  graph = await new StandIn(() => ({ status: 200, body: { messages: [{ id: `wamid.E2E${n++}` }] } })).start();
  const agent = await server.api('POST', '/agents', { name: 'Wen Agent', email: 'wen@e2e.test', password: PASSWORD, role: 'agent', capacity: 10 });
  expect(agent.status).toBe(201);
  expect((await server.api('PUT', `/agents/${agent.body.id}/presence`, { presence: 'ready' })).status).toBe(200);
  const channel = await server.api('POST', '/channels', {
    type: 'whatsapp',
    name: 'WhatsApp shop',
    bot: false,
    config: { apiBaseUrl: graph.url, phoneNumberId: '1065', accessToken: 'WA', appSecret: APP_SECRET, verifyToken: 'v', markRead: false },
  });
  whatsappId = channel.body.id;
  const template = await server.api('POST', `/channels/${whatsappId}/templates`, {
    name: 'order_update',
    language: 'en_US',
    body: 'Hi {{1}}, your order {{2}} has shipped.',
    parameters: [{ name: 'Customer name', example: 'Kerry' }, { name: 'Order number', example: '#1234' }],
  });
  expect(template.status).toBe(201);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
  await graph?.close();
});

describe('messaging windows in the console (#14)', () => {
  for (const [label, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`says free text is no longer possible after 24 hours and sends a template instead (${label})`, async () => {
      const conversationId = await customerWrites(label === 'desktop' ? '15550100001' : '15550100002', `wamid.E2E-${label}`, 'Where is my order?');
      const window = await server.api('GET', `/conversations/${conversationId}/reply-window`);
      expect(window.body.state).toBe('open');
      // A day passes (before signing in: sessions follow the same clock).
      server.clock.advance(25 * HOUR_MS);
      const page = await signedIn('wen@e2e.test', viewport);
      await page.goto(`${server.url}/#/console/${conversationId}`);
      await page.getByTestId('timeline').getByText('Where is my order?').waitFor();
      const notice = page.getByTestId('reply-window');
      await notice.getByText('WhatsApp no longer accepts free text', { exact: false }).waitFor();
      expect(await page.getByLabel('Reply').count()).toBe(0);
      await page.getByLabel('Customer name').click();
      await page.keyboard.type('Kerry');
      await page.getByLabel('Order number').click();
      await page.keyboard.type('#1234');
      expect(await page.getByTestId('template-preview').textContent()).toBe('Hi Kerry, your order #1234 has shipped.');
      expect(await seriousViolations(page), `template form (${label})`).toEqual([]);
      await screenshot(page, `whatsapp-template${label === 'phone' ? '-phone' : ''}`);
      await page.getByRole('button', { name: 'Send template' }).click();
      await page.getByTestId('timeline').getByText('Hi Kerry, your order #1234 has shipped.').waitFor();
      await runOutboxOnce(server.container.deps);
      await runOutboxOnce(server.container.deps);
      const sent = graph.requests.filter((r) => r.body?.type === 'template').at(-1)!;
      expect(sent.body.template).toEqual({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kerry' }, { type: 'text', text: '#1234' }] }] });
      await page.getByTestId('timeline').getByText('template order_update', { exact: false }).waitFor();
    });
  }
});
