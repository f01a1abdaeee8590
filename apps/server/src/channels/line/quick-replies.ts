/**
 * The bot's quick replies as LINE quick reply buttons on the last message
 * (at most 13 items). Each is a message action: a tap sends its text, the
 * button's value, as the customer's message, which the bot reads as typed.
 * LINE limits an action label to 20 characters and its text to 300. Two
 * labels that would read the same once cut (two long questions) are
 * numbered instead, and the options listed, numbered, under the text (as on
 * Messenger). More than 13 options, or a value over 300 characters, cannot
 * be buttons: the options are only listed, numbered; a typed number picks
 * one (inbound/typed-choice.ts).
 */
import type { messagingApi } from '@line/bot-sdk';
import { allDistinct, charCount, cut, quickButtons, withNumberedOptions, type QuickButton } from '../quick-replies.ts';

const MAX_ITEMS = 13;
const LABEL_CHARS = 20;
const TEXT_CHARS = 300;

const fits = (buttons: QuickButton[]) => buttons.length <= MAX_ITEMS && buttons.every((b) => charCount(b.value) <= TEXT_CHARS);
const labelsOf = (buttons: QuickButton[]) => buttons.map((b) => cut(b.label, LABEL_CHARS));

export function lineQuickReply(attachments: unknown): messagingApi.QuickReply | undefined {
  const buttons = quickButtons(attachments);
  if (buttons.length === 0 || !fits(buttons)) return undefined;
  const labels = labelsOf(buttons);
  const numbered = !allDistinct(labels);
  return { items: buttons.map((b, i) => ({ type: 'action', action: { type: 'message', label: numbered ? String(i + 1) : labels[i]!, text: b.value } })) };
}

/** The text LINE shows: the message's own, plus the numbered options when they cannot be buttons or their labels read the same. */
export function lineText(text: string, attachments: unknown): string {
  const buttons = quickButtons(attachments);
  if (buttons.length === 0 || (fits(buttons) && allDistinct(labelsOf(buttons)))) return text;
  return withNumberedOptions(text, buttons);
}

/** The messages with the quick reply on the last one (LINE shows it under the last bubble). */
export function withLineQuickReply(messages: messagingApi.Message[], attachments: unknown): messagingApi.Message[] {
  const quickReply = lineQuickReply(attachments);
  if (!quickReply || messages.length === 0) return messages;
  return [...messages.slice(0, -1), { ...messages[messages.length - 1]!, quickReply }];
}
