import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, typeInto } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * An admin finds a contact, edits its attributes and merges the same
 * customer's contact from another channel into it; a merge the server refuses
 * (both open on one channel) shows the server's message. Customers arrive
 * through the API channels' inbound endpoint.
 */
const PASSWORD = 'correct-horse-battery';
const XSS = '<img src=x onerror=alert(1)>';

let server: UiServer;
let browser: Browser;
let admin: Page;
let shopId: string;
let mailId: string;
const contactIds: Record<string, string> = {};
let anaConversationId: string;

/** A customer writes in on a channel: a contact with that identity and an open conversation. */
async function inbound(channelId: string, externalId: string, name: string) {
  const r = await server.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId, name }, text: 'Hello' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const conversation = await server.api('GET', `/conversations/${r.body.conversationId}`);
  return { contactId: conversation.body.contactId as string, conversationId: r.body.conversationId as string };
}

const editor = () => admin.getByTestId('contact-editor');
const merge = () => admin.getByTestId('contact-merge');

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const made = await Promise.all([
    server.api('POST', '/agents', { name: 'Ada Admin', email: 'ada@e2e.test', password: PASSWORD, role: 'admin' }),
    server.api('POST', '/channels', { type: 'api', name: 'Shop app', bot: false }),
    server.api('POST', '/channels', { type: 'api', name: 'Mail desk', bot: false }),
  ]);
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  [shopId, mailId] = [made[1].body.id, made[2].body.id];
  ({ contactId: contactIds.ana, conversationId: anaConversationId } = await inbound(shopId, 'cust-ana', 'Ana Example'));
  contactIds.anaMail = (await inbound(mailId, 'ana@example.com', 'Ana at home')).contactId;
  contactIds.carl = (await inbound(shopId, 'cust-carl', 'Carl Clash')).contactId;
  contactIds.dan = (await inbound(shopId, 'cust-dan', 'Dan Clash')).contactId;
  await inbound(shopId, 'cust-xss', XSS);
  // Newest first, 25 a page: these push the contacts above onto the second page.
  for (let i = 1; i <= 25; i++) await inbound(mailId, `walk-in-${i}@example.com`, `Walk-in ${i}`);
  const seeded = await server.api('PATCH', `/contacts/${contactIds.ana}`, { attributes: { tier: 'silver', note: 'call after 6' } });
  expect(seeded.status).toBe(200);

  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
  admin = await context.newPage();
  admin.on('dialog', (d) => void d.accept());
  admin.on('pageerror', (e) => console.error('page error:', e.stack));
  await signIn(admin, server.url, 'ada@e2e.test', PASSWORD);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('contacts admin', () => {
  it('lists contacts with their identities, customer text shown as text', async () => {
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.getByRole('link', { name: 'Contacts' }).click();
    await admin.getByRole('heading', { name: 'Contacts', exact: true }).waitFor();
    const table = admin.getByRole('table');
    await table.getByText('Walk-in 25', { exact: true }).waitFor();
    expect(await table.getByRole('row').count()).toBe(1 + 25);
    await admin.getByRole('button', { name: 'Load more' }).click();
    await table
      .getByRole('row', { name: /Ana Example/ })
      .getByText('Shop app: cust-ana')
      .waitFor();
    expect(await table.getByRole('row').count()).toBe(1 + 30);
    expect(await admin.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await table.getByText(XSS, { exact: true }).waitFor();
    expect(await admin.locator('img').count()).toBe(0);
  });

  it('finds a contact by a whole externalId and edits its attributes', async () => {
    await typeInto(admin.getByLabel('Search contacts'), 'cust-ana');
    await admin.getByRole('table').getByRole('row').nth(2).waitFor({ state: 'detached' });
    await admin.getByRole('link', { name: 'Ana Example' }).click();
    await editor().getByRole('heading', { name: 'Ana Example' }).waitFor();
    await typeInto(editor().getByLabel('Value tier'), 'platinum');
    await editor().getByRole('button', { name: 'Remove note' }).click();
    await editor().getByRole('button', { name: 'Add attribute' }).click();
    await typeInto(editor().getByLabel(/^Key \d+$/).last(), 'plan');
    await typeInto(editor().getByLabel('Value plan'), 'gold');
    await editor().getByRole('button', { name: 'Save' }).click();
    await editor().getByText('Saved').waitFor();
    const stored = await server.api('GET', `/contacts/${contactIds.ana}`);
    expect(stored.body.attributes).toEqual({ tier: 'platinum', plan: 'gold' });
    await admin
      .getByRole('row', { name: /Ana Example/ })
      .getByRole('cell', { name: '2', exact: true })
      .waitFor();
  });

  it('merges the same customer from another channel into the contact', async () => {
    await typeInto(merge().getByLabel('Find the contact to merge'), 'ana@example.com');
    await merge().getByRole('button', { name: 'Merge into this one Ana at home' }).click();
    await merge().getByText('Merged').waitFor();
    await editor().getByText('Mail desk: ana@example.com').waitFor();
    await editor().getByText('Shop app: cust-ana').waitFor();
    expect((await server.api('GET', `/contacts/${contactIds.anaMail}`)).status).toBe(404);
    const merged = await server.api('GET', `/contacts/${contactIds.ana}`);
    expect(merged.body.identities).toEqual(
      [
        { channelId: mailId, externalId: 'ana@example.com' },
        { channelId: shopId, externalId: 'cust-ana' },
      ].sort((a, b) => a.channelId.localeCompare(b.channelId)),
    );
    await screenshot(admin, 'admin-contacts');
  });

  it('shows the server’s message when a merge is refused', async () => {
    await admin.goto(`${server.url}/#/admin/contacts/${contactIds.carl}`);
    await editor().getByRole('heading', { name: 'Carl Clash' }).waitFor();
    await typeInto(merge().getByLabel('Find the contact to merge'), 'Clash');
    await merge().getByRole('button', { name: 'Merge into this one Dan Clash' }).click();
    const alert = merge().getByRole('alert');
    await alert.waitFor();
    // Asked again through the API (a refused merge changes nothing) to know the exact words.
    const refused = await server.api('POST', `/contacts/${contactIds.carl}/merge`, { contactId: contactIds.dan });
    expect(refused.status).toBe(409);
    expect(await alert.textContent()).toContain(refused.body.error.message);
    expect((await server.api('GET', `/contacts/${contactIds.dan}`)).status).toBe(200);
  });

  it('shows the attributes beside a conversation, with a link to edit them', async () => {
    await admin.goto(`${server.url}/#/console/${anaConversationId}`);
    const panel = admin.getByRole('complementary', { name: 'Contact' });
    await panel.getByText('platinum').waitFor();
    await panel.getByRole('link', { name: 'Edit contact' }).click();
    await editor().getByRole('heading', { name: 'Ana Example' }).waitFor();
  });

  it('follows a merge that happens while the conversation is open', async () => {
    const home = await inbound(mailId, 'eve@example.com', 'Eve at home');
    const shop = await inbound(shopId, 'cust-eve', 'Eve Shopper');
    await admin.goto(`${server.url}/#/console/${home.conversationId}`);
    const panel = admin.getByRole('complementary', { name: 'Contact' });
    await panel.getByText('Eve at home').waitFor();
    expect((await server.api('POST', `/contacts/${shop.contactId}/merge`, { contactId: home.contactId })).status).toBe(200);
    // contact.merged on the stream: the panel now shows the contact the conversation belongs to.
    await panel.getByText('Eve Shopper').waitFor();
    await panel.getByText('cust-eve').waitFor();
  });
});
