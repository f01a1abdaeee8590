import type { Locator, Page } from 'playwright-core';

/** The widget's shadow host; Playwright's locators pierce its open shadow root. */
export const widget = (page: Page) => page.locator('[data-switchboard-widget]');

/** Clicks into a field and types as a person does: one key event per character. */
export async function typeInto(page: Page, field: Locator, text: string) {
  await field.click();
  await page.keyboard.type(text);
}

/** Types a message into the widget's box and presses Enter. */
export async function say(page: Page, text: string, label = 'Type a message…') {
  await typeInto(page, widget(page).getByLabel(label, { exact: true }), text);
  await page.keyboard.press('Enter');
}
