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
 * case, edge punctuation), else its place in the list (`optionNumber`).
 * Labels win, so options labelled "10", "20" are picked by label.
 */
export function chosenOption(text: string, buttons: QuickButton[]): QuickButton | undefined {
  const answer = normalizeText(text);
  const named = buttons.find((b) => normalizeText(b.label) === answer || normalizeText(b.value) === answer);
  if (named) return named;
  const n = optionNumber(text);
  return n === undefined ? undefined : buttons[n - 1];
}

/**
 * The place in a list a message names and nothing else: "2", "２", "#2",
 * "2.", and as people write it in the three languages: 第2個 / 第二個 / 2號,
 * 2番 / 2番目 / ２つ目, "no. 2", "option 2". Undefined for anything else
 * ("I choose 2", a sentence around the number).
 */
export function optionNumber(text: string): number | undefined {
  const m = OPTION_NUMBER.exec(normalizeText(text));
  if (!m) return undefined;
  const digits = m[1] ?? m[2]!;
  const n = /^\d+$/u.test(digits) ? Number(digits) : hanNumber(digits);
  return n > 0 ? n : undefined;
}

const OPTION_NUMBER = /^(?:#|no\.? ?|option |choice |number |第 ?)?(?:(\d{1,3})|([一二三四五六七八九十]{1,2}))(?: ?(?:個|个|項|项|號|号|番目|番|つ目|つめ))?$/u;

/** 一 … 九, 十, 十一 … 十九, 二十 …: what a list of quick replies can hold. */
function hanNumber(text: string): number {
  const digit = (c: string | undefined) => (c === undefined ? 0 : '一二三四五六七八九'.indexOf(c) + 1);
  const [a, b] = Array.from(text);
  if (a === '十') return 10 + digit(b);
  if (b === '十') return digit(a) * 10;
  return b === undefined ? digit(a) : 0;
}

/** The language of a message by its script (kana → ja, Han → zh, else en), for the few words a platform's buttons need around them. */
export function scriptLanguage(text: string): 'zh' | 'ja' | 'en' {
  return /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text) ? 'ja' : /\p{Script=Han}/u.test(text) ? 'zh' : 'en';
}
