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

/**
 * Saves a screenshot to docs/screens. On a phone-sized viewport it first checks that the page is no wider than
 * the phone (a page that scrolls sideways hides its right edge from a person holding the phone), naming the
 * widest elements that run off the edge; wide tables belong in a `.table-scroll` box that scrolls on its own.
 */
export async function screenshot(page: Page, name: string) {
  await expectFitsPhone(page, name);
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: `${SCREENS_DIR}${name}.png`, fullPage: false });
}

const PHONE_WIDTH = 500;

export async function expectFitsPhone(page: Page, name: string) {
  const viewport = page.viewportSize();
  if (!viewport || viewport.width > PHONE_WIDTH) return;
  const overflow = await page.evaluate((width) => {
    const root = document.documentElement;
    if (root.scrollWidth <= width) return null;
    const off = (el: Element) => el.getBoundingClientRect().right + window.scrollX > width + 1;
    // A scroll box clips what is inside it, except an absolutely positioned element whose containing block is
    // outside the box (a screen-reader-only label in a scrolling table whose box is not positioned).
    const clipped = (el: Element) => {
      const absolute = getComputedStyle(el).position === 'absolute';
      const containingBlock = el instanceof HTMLElement ? el.offsetParent : null;
      for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
        const clips = getComputedStyle(box).overflowX !== 'visible' && (!absolute || (containingBlock !== null && box.contains(containingBlock)));
        if (clips && !off(box)) return true;
      }
      return false;
    };
    const offEdge = [...document.body.querySelectorAll('*')].filter((el) => off(el) && !clipped(el));
    const culprits = offEdge
      .filter((el) => !offEdge.some((other) => other !== el && el.contains(other)))
      .slice(0, 6)
      .map((el) => {
        const path = [el, el.parentElement, el.parentElement?.parentElement].filter(Boolean) as Element[];
        return `${path.map((e) => `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? `.${e.className.split(' ').join('.')}` : ''}`).join(' < ')} (right ${Math.round(el.getBoundingClientRect().right + window.scrollX)})`;
      });
    return { scrollWidth: root.scrollWidth, culprits };
  }, viewport.width);
  if (overflow) {
    throw new Error(`${name}: the page is ${overflow.scrollWidth} px wide on a ${viewport.width} px phone; off the edge: ${overflow.culprits.join('; ')}`);
  }
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
