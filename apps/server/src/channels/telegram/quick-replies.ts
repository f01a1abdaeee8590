/**
 * The bot's quick replies (helpful / not helpful, the clarifying question's
 * two articles) as a Telegram inline keyboard, one button per row. A tap
 * arrives as a callback_query whose data is the value (telegram/webhook.ts
 * reads it as the customer's message). callback_data holds at most 64 bytes;
 * when a value is longer (a long article question), a one-time reply
 * keyboard is sent instead, whose tap sends the value as a plain message.
 */
import { quickButtons } from '../quick-replies.ts';

const CALLBACK_DATA_BYTES = 64;

export function telegramReplyMarkup(attachments: unknown): { reply_markup?: Record<string, unknown> } {
  const buttons = quickButtons(attachments);
  if (buttons.length === 0) return {};
  if (buttons.every((b) => Buffer.byteLength(b.value, 'utf8') <= CALLBACK_DATA_BYTES)) {
    return { reply_markup: { inline_keyboard: buttons.map((b) => [{ text: b.label, callback_data: b.value }]) } };
  }
  return { reply_markup: { keyboard: buttons.map((b) => [{ text: b.value }]), one_time_keyboard: true, resize_keyboard: true } };
}
