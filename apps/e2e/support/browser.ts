import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const SCREENS_DIR = fileURLToPath(new URL('../../../docs/screens/', import.meta.url));

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}${name}.png`, fullPage: false });
}

/**
 * Types into a field as a person does: a click, whatever is there selected, then key by key
 * (`fill()` sends no key events, so a field that ignored keys would pass).
 */
export async function typeInto(field: Locator, text: string) {
  await field.click();
  await field.page().keyboard.press('ControlOrMeta+A');
  await field.page().keyboard.type(text);
}

/** Signs in through the console's login form. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/`);
  await typeInto(page.getByLabel('Email'), email);
  await typeInto(page.getByLabel('Password'), password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * A console page signed in as `email`, in a context of its own at `viewport` (a narrow one is a touch
 * phone). bypassCSP: axe's source is injected as an inline script, which the console's CSP refuses (as it
 * should; the CSP has its own test). Contexts go into `contexts` for the caller to close.
 */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  account: { email: string; password: string; viewport: { width: number; height: number }; contexts?: BrowserContext[]; acceptDialogs?: boolean },
): Promise<Page> {
  const phone = account.viewport.width < 500;
  const context = await browser.newContext({ viewport: account.viewport, locale: 'en-US', isMobile: phone, hasTouch: phone, bypassCSP: true });
  account.contexts?.push(context);
  const page = await context.newPage();
  if (account.acceptDialogs) page.on('dialog', (d) => void d.accept());
  page.on('pageerror', (e) => console.error('page error:', e.stack));
  await signIn(page, baseUrl, account.email, account.password);
  return page;
}
