import { SAMPLE_ORDER_STATUS_SCRIPT } from '@switchboard/core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * An admin edits the bot from the console (issue #10, "Admin pages lose
 * data"): a rule's reply edited alone keeps its skills; a rule that starts a
 * script is saved from the form; rules are reordered; a script is edited with
 * the server's errors shown at the step they name, simulated and published.
 */
const PASSWORD = 'correct-horse-battery';

let server: UiServer;
let browser: Browser;
let admin: Page;

/** A field by the start of its label (a label's text also holds the field's own value). */
const field = (scope: Page | Locator, label: string) => scope.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)).first();

async function typeInto(page: Page, label: string, text: string, scope: Page | Locator = page) {
  await field(scope, label).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

const rules = async () => (await server.api('GET', '/bot/keywords')).body.items as Array<Record<string, any>>;

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  const { id: scriptId, version: _v, ...script } = SAMPLE_ORDER_STATUS_SCRIPT;
  const made = [
    await server.api('POST', '/agents', { name: 'Ada Admin', email: 'ada@e2e.test', password: PASSWORD, role: 'admin' }),
    await server.api('POST', '/scripts', { ...script, id: scriptId }),
    await server.api('POST', '/bot/keywords', {
      match: 'contains',
      pattern: '發票',
      reply: '為您轉接帳務專員。',
      action: { type: 'handoff', skills: ['billing'], priority: 5 },
    }),
    await server.api('POST', '/bot/keywords', { match: 'exact', pattern: 'bye', reply: 'Goodbye!', action: { type: 'close' } }),
  ];
  for (const r of made) expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' });
  admin = await context.newPage();
  admin.on('dialog', (d) => void d.accept());
  admin.on('pageerror', (e) => console.error('page error:', e.stack));
  await admin.goto(`${server.url}/`);
  await typeInto(admin, 'Email', 'ada@e2e.test');
  await typeInto(admin, 'Password', PASSWORD);
  await admin.keyboard.press('Enter');
  await admin.getByRole('button', { name: 'Sign out' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('keyword rules', () => {
  it('editing only the reply keeps the rule’s skills and priority', async () => {
    await admin.goto(`${server.url}/#/admin/keywords`);
    await admin.getByRole('button', { name: 'Edit 發票' }).click();
    const form = admin.getByRole('form', { name: 'Edit rule' });
    await expect(field(form, 'Required skills').inputValue()).resolves.toBe('billing');
    await typeInto(admin, 'Reply', 'Connecting you to billing.', form);
    await screenshot(admin, 'admin-keyword-editor');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    const rule = (await rules()).find((r) => r.pattern === '發票')!;
    expect(rule.reply).toBe('Connecting you to billing.');
    expect(rule.action).toEqual({ type: 'handoff', skills: ['billing'], priority: 5 });
  });

  it('saves a rule that starts a script', async () => {
    await admin.getByRole('button', { name: 'New rule' }).click();
    const form = admin.getByRole('form', { name: 'New rule' });
    await field(form, 'Match').selectOption('regex');
    await typeInto(admin, 'Pattern', '^track order$', form);
    await field(form, 'Action').selectOption('start_script');
    await field(form, 'Script').selectOption(SAMPLE_ORDER_STATUS_SCRIPT.id);
    await form.getByRole('button', { name: 'Create' }).click();
    await form.waitFor({ state: 'detached' });
    await admin
      .getByRole('row', { name: /track order/ })
      .getByText('Start script order-status')
      .waitFor();
    const rule = (await rules()).find((r) => r.pattern === '^track order$')!;
    expect(rule.action).toEqual({ type: 'start_script', scriptId: 'order-status' });
  });

  it('reorders rules: the first match wins', async () => {
    expect((await rules()).map((r) => r.pattern)).toEqual(['發票', 'bye', '^track order$']);
    await admin.getByRole('button', { name: 'Move “^track order$” up' }).click();
    await admin
      .getByRole('row', { name: /track order/ })
      .getByRole('cell', { name: '2', exact: true })
      .waitFor();
    expect((await rules()).map((r) => r.pattern)).toEqual(['發票', '^track order$', 'bye']);
    await admin.getByRole('button', { name: 'Move “發票” down' }).click();
    await admin.getByRole('row', { name: /發票/ }).getByRole('cell', { name: '2', exact: true }).waitFor();
    expect((await rules()).map((r) => r.pattern)).toEqual(['^track order$', '發票', 'bye']);
  });
});

describe('scripts page', () => {
  it('shows the server’s errors at the step they name, then saves, simulates and publishes', async () => {
    await admin.getByRole('link', { name: 'Scripts' }).click();
    await admin.getByRole('button', { name: 'New script' }).click();
    await typeInto(admin, 'Script id', 'welcome');
    await admin.keyboard.press('Enter');
    const editor = admin.locator('section.script-editor');
    await field(editor, 'Draft (JSON)').waitFor();
    const broken =
      '{"name":"Welcome","start":"hello","steps":[{"id":"hello","type":"send","text":"Hi there!","next":"nowhere"},{"id":"bye","type":"end","outcome":"resolved"}]}';
    await typeInto(admin, 'Draft (JSON)', broken, editor);
    await editor.getByRole('button', { name: 'Save draft' }).click();
    const hello = editor.getByTestId('step-outline').locator('li[data-step="hello"]');
    await hello.getByText('hello.next points to missing step nowhere').waitFor();
    await admin.evaluate(() => window.scrollTo(0, 0));
    await screenshot(admin, 'admin-scripts');
    await admin.setViewportSize({ width: 390, height: 844 });
    await editor.getByTestId('step-outline').scrollIntoViewIfNeeded();
    await screenshot(admin, 'admin-scripts-phone');
    await admin.setViewportSize({ width: 1280, height: 1000 });
    expect(
      await editor
        .getByTestId('step-outline')
        .locator('li[data-step="bye"]')
        .getByText(/points to missing/)
        .count(),
    ).toBe(0);

    await typeInto(admin, 'Draft (JSON)', broken.replace('nowhere', 'bye'), editor);
    await editor.getByRole('button', { name: 'Save draft' }).click();
    await admin.getByRole('status').getByText('Draft saved.').waitFor();
    expect(await hello.locator('.error').count()).toBe(0);

    await editor.getByRole('button', { name: 'Run' }).click();
    await editor.getByTestId('simulation').getByText('Hi there!').waitFor();

    await editor.getByRole('button', { name: 'Publish' }).click();
    await editor.getByRole('button', { name: 'version 1' }).click();
    await editor.locator('pre').getByText('"Hi there!"', { exact: false }).waitFor();
    await admin
      .getByRole('row', { name: /Welcome/ })
      .getByText('version 1')
      .waitFor();
    const stored = await server.api('GET', '/scripts/welcome');
    expect(stored.body.publishedVersion).toBe(1);
  });
});
