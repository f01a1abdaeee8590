import type { Browser, ConsoleMessage } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.ts';
import { ensureBuilt, startUiServer, type UiServer } from './support/ui-server.ts';

/**
 * Issue #11 finding 15: the console sends CSP (frame-ancestors 'none'),
 * nosniff and Referrer-Policy, and still loads, signs in and streams under
 * that policy on a desktop and a phone; the widget still runs on another page.
 */
const PASSWORD = 'csp-password-1';

let server: UiServer;
let browser: Browser;

beforeAll(async () => {
  ensureBuilt();
  server = await startUiServer();
  browser = await launchBrowser();
  await server.api('POST', '/agents', { name: 'Csp Admin', email: 'csp@example.com', password: PASSWORD, role: 'admin' });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the console under its Content-Security-Policy', () => {
  it('is served with the security headers', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.each([
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ])('loads, signs in and connects its stream with no CSP violation (%s)', async (_name, viewport) => {
    const context = await browser.newContext({ viewport, locale: 'en-US' });
    const page = await context.newPage();
    const violations: string[] = [];
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    page.on('console', (m: ConsoleMessage) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/`);
    await page.getByLabel('Email').click();
    await page.keyboard.type('csp@example.com');
    await page.getByLabel('Password').click();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    // The stream connected with a one-time ticket: the console never puts its session token in a URL.
    await expect.poll(() => sockets.length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(sockets.every((url) => /[?&]token=sbt_/.test(url))).toBe(true);
    const session = await page.evaluate(() => JSON.stringify(localStorage));
    for (const url of sockets) expect(session).not.toContain(decodeURIComponent(url.split('token=')[1]!));
    expect(violations).toEqual([]);
    await context.close();
  });
});
