/**
 * The bot's quick replies as LINE quick reply buttons on the last message
 * (at most 13 items). Each is a message action: a tap sends its text, the
 * button's value, as the customer's message, which the bot reads as typed.
 * LINE limits an action label to 20 characters and its text to 300.
 */
import type { messagingApi } from '@line/bot-sdk';
import { quickButtons } from '../telegram/quick-replies.ts';

const MAX_ITEMS = 13;
const LABEL_CHARS = 20;
const TEXT_CHARS = 300;

const cut = (text: string, max: number) => {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
};

export function lineQuickReply(attachments: unknown): messagingApi.QuickReply | undefined {
  const buttons = quickButtons(attachments).slice(0, MAX_ITEMS);
  if (buttons.length === 0) return undefined;
  return {
    items: buttons.map((b) => ({ type: 'action', action: { type: 'message', label: cut(b.label, LABEL_CHARS), text: cut(b.value, TEXT_CHARS) } })),
  };
}

/** The messages with the quick reply on the last one (LINE shows it under the last bubble). */
export function withLineQuickReply(messages: messagingApi.Message[], attachments: unknown): messagingApi.Message[] {
  const quickReply = lineQuickReply(attachments);
  if (!quickReply || messages.length === 0) return messages;
  return [...messages.slice(0, -1), { ...messages[messages.length - 1]!, quickReply }];
}
