import { normalizeText } from '@switchboard/core';

/**
 * The bot's quick replies (helpful / not helpful, the clarifying question's
 * articles, a script's options) travel on its message as an attachment
 * `{type: 'quick_replies', buttons}`. Each channel folder turns them into its
 * platform's buttons and reads a tap back as the button's value, which the
 * bot takes as if the customer had typed it. What every channel shares lives
 * here: reading the attachment, cutting a title to a platform's limit, and the
 * numbered list used where buttons cannot be shown (mail, too many options).
 */
export interface QuickButton {
  label: string;
  value: string;
}

export function quickButtons(attachments: unknown): QuickButton[] {
  const list = Array.isArray(attachments) ? (attachments as Array<{ type?: string; buttons?: unknown }>) : [];
  const found = list.find((a) => a.type === 'quick_replies' && Array.isArray(a.buttons));
  return ((found?.buttons as QuickButton[] | undefined) ?? []).filter((b) => typeof b?.label === 'string' && typeof b?.value === 'string' && b.label !== '');
}

/** At most `max` characters (code points, so an emoji or a CJK character is never split), the last one an ellipsis when cut. */
export function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export const charCount = (text: string) => Array.from(text).length;

/** Whether every title is different: two long questions can share their first 19 characters. */
export const allDistinct = (titles: string[]) => new Set(titles).size === titles.length;

/** "1. label" per option, one a line. */
export const numberedLines = (buttons: QuickButton[]) => buttons.map((b, i) => `${i + 1}. ${b.label}`);

/** The message text with the options listed under it, for a platform that cannot show them all as buttons. */
export function withNumberedOptions(text: string, buttons: QuickButton[]): string {
  return buttons.length === 0 ? text : [text, '', ...numberedLines(buttons)].join('\n');
}

/**
 * The option a typed answer picks: its label or value (normalised: width,
 * case, edge punctuation), else its number in the list ("2", "２", "2.",
 * "#2"). Labels win, so options labelled "10", "20" are picked by label.
 */
export function chosenOption(text: string, buttons: QuickButton[]): QuickButton | undefined {
  const answer = normalizeText(text);
  const named = buttons.find((b) => normalizeText(b.label) === answer || normalizeText(b.value) === answer);
  if (named || !/^\d{1,3}$/u.test(answer)) return named;
  return buttons[Number(answer) - 1];
}

/** The language of a message by its script (kana → ja, Han → zh, else en), for the few words a platform's buttons need around them. */
export function scriptLanguage(text: string): 'zh' | 'ja' | 'en' {
  return /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? 'ja' : /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}
