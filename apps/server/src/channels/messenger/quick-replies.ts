/**
 * The bot's quick replies as Send API `quick_replies` (Messenger and
 * Instagram share them): at most 13, a title of at most 20 characters, a
 * payload of at most 1000. The payload is the button's value; a tap comes
 * back as a message whose `quick_reply.payload` it is (webhook.ts reads it
 * as the customer's text, not the cut title). Two titles that would read
 * the same once cut (two long questions) are numbered instead, and the
 * options listed, numbered, under the text; more than 13 options, or a
 * value over 1000 characters, are only listed.
 */
import { allDistinct, charCount, cut, quickButtons, withNumberedOptions, type QuickButton } from '../quick-replies.ts';

const MAX_ITEMS = 13;
const TITLE_CHARS = 20;
const PAYLOAD_CHARS = 1000;

type MetaQuickReply = { content_type: 'text'; title: string; payload: string };

const fits = (buttons: QuickButton[]) => buttons.length <= MAX_ITEMS && buttons.every((b) => charCount(b.value) <= PAYLOAD_CHARS);

/** The `message` object of the text part: the text (with the options listed when needed) and its quick replies. */
export function metaTextMessage(text: string, attachments: unknown): { text: string; quick_replies?: MetaQuickReply[] } {
  const buttons = quickButtons(attachments);
  if (buttons.length === 0) return { text };
  if (!fits(buttons)) return { text: withNumberedOptions(text, buttons) };
  const titles = buttons.map((b) => cut(b.label, TITLE_CHARS));
  const numbered = !allDistinct(titles);
  const quick_replies = buttons.map((b, i): MetaQuickReply => ({ content_type: 'text', title: numbered ? String(i + 1) : titles[i]!, payload: b.value }));
  return { text: numbered ? withNumberedOptions(text, buttons) : text, quick_replies };
}
