import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverDueWebhooks } from '../server/src/integrations/webhook-delivery.ts';
import { runWebhookFeed } from '../server/src/integrations/webhook-feed.ts';
import { seriousViolations } from './support/axe.ts';
import { launchBrowser, screenshot, signIn } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * An admin creates an API key and a webhook in Admin → Integrations, copies
 * each secret from the page (shown once), and reads the webhook's deliveries
 * (issue #11, SPEC §5 Integrations). Desktop and phone.
 */
const PASSWORD = 'correct-horse-battery';

let server: UiServer;
let browser: Browser;
let receiver: Server;
let receiverUrl: string;
let channelId: string;
const received: Array<{ body: string; signature: string }> = [];

async function openIntegrations(viewport: { width: number; height: number }): Promise<Page> {
  // bypassCSP: axe's source is injected as an inline script, which the console's CSP refuses (as it should).
  const context = await browser.newContext({ viewport, locale: 'en-US', bypassCSP: true });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, server.url, 'ada@e2e.test', PASSWORD);
  await page.goto(`${server.url}/#/admin/integrations`);
  await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
  return page;
}

async function expectAccessible(page: Page, state: string) {
  expect(await seriousViolations(page), state).toEqual([]);
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['x-switchboard-signature']) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/switchboard`;
  const made = await Promise.all([
    server.api('POST', '/agents', { name: 'Ada Admin', email: 'ada@e2e.test', password: PASSWORD, role: 'admin' }),
    server.api('POST', '/channels', { type: 'api', name: 'Shop app', bot: false }),
  ]);
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  channelId = made[1].body.id;
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve()));
});

describe('integrations admin', () => {
  it('creates an API key and a webhook, each secret shown once, and shows the deliveries (desktop)', async () => {
    const page = await openIntegrations({ width: 1280, height: 1000 });
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Key name').click();
    await page.keyboard.type('Order system');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('api-key-shown').textContent())!;
    expect(key).toMatch(/^sbk_/);
    await page.getByRole('rowheader', { name: 'Order system' }).waitFor();
    const inbound = await server.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c-1' }, text: 'hello' }, key);
    expect(inbound.status).toBe(201);

    await page.getByRole('button', { name: 'New webhook' }).click();
    await page.getByLabel('Receiver URL').click();
    await page.keyboard.type(receiverUrl);
    await page.getByLabel(/^Events/).click();
    await page.keyboard.type('conversation.created, message.*');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const secret = (await page.getByTestId('webhook-secret-shown').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('rowheader', { name: receiverUrl }).waitFor();

    await server.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c-2' }, text: 'a new customer' });
    await runWebhookFeed(server.container.deps);
    await deliverDueWebhooks(server.container.deps);
    expect(received.length).toBeGreaterThan(0);
    for (const r of received) expect(r.signature).toBe(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);

    await page.getByRole('button', { name: `Deliveries ${receiverUrl}` }).click();
    const rows = page.getByRole('region', { name: `Deliveries to ${receiverUrl}` }).getByRole('row');
    await rows.filter({ hasText: 'conversation.created' }).filter({ hasText: 'delivered' }).waitFor();
    await screenshot(page, 'admin-integrations');
    await expectAccessible(page, 'desktop integrations');

    await page.getByRole('button', { name: `Delete ${receiverUrl}` }).click();
    await page.getByRole('rowheader', { name: receiverUrl }).waitFor({ state: 'detached' });
    expect((await server.api('GET', '/webhooks')).body.items).toEqual([]);
  });

  it('creates a read-only key on a phone', async () => {
    const page = await openIntegrations({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'New API key' }).click();
    await page.getByLabel('Key name').click();
    await page.keyboard.type('Reports');
    await page.getByRole('checkbox', { name: 'inbound' }).click();
    await page.getByRole('checkbox', { name: 'read' }).click();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('api-key-shown').textContent())!;
    expect((await server.api('GET', '/conversations', undefined, key)).status).toBe(200);
    expect((await server.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c-3' }, text: 'hi' }, key)).status).toBe(403);
    await screenshot(page, 'admin-integrations-phone');
    await expectAccessible(page, 'phone integrations');
  });
});
