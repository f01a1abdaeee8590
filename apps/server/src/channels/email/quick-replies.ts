import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { chosenOption, numberedLines, quickButtons, scriptLanguage, type QuickButton } from '../quick-replies.ts';

/**
 * Mail has no buttons: the bot's quick replies go out as a numbered list in
 * the text and the HTML, with a line saying how to answer. A reply to that
 * mail (In-Reply-To, else the newest of References) whose visible text,
 * above the quoted part, is just a number of the list or an option's text is
 * taken as that option's value, as a tap on the other channels is.
 */
const HOW_TO_ANSWER = {
  zh: '請直接回覆選項的號碼或文字。',
  ja: '番号または選択肢の文字をそのまま返信してください。',
  en: 'Reply with the number or the text of your choice.',
} as const;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface MailBody {
  text: string;
  html?: string;
}

/** The mail's text, and an HTML alternative with the list as an ordered list, when the message offers quick replies. */
export function mailBody(text: string, attachments: unknown): MailBody {
  const buttons = quickButtons(attachments);
  if (buttons.length === 0) return { text };
  const hint = HOW_TO_ANSWER[scriptLanguage(text)];
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  const list = `<ol>${buttons.map((b) => `<li>${escapeHtml(b.label)}</li>`).join('')}</ol>`;
  return {
    text: [text, '', ...numberedLines(buttons), '', hint].join('\n'),
    html: `<!doctype html><html><body>${paragraphs.join('')}${list}<p>${escapeHtml(hint)}</p></body></html>`,
  };
}

/** The quick replies of our mail that this one answers, on this channel. */
async function offeredIn(deps: Deps, channel: ChannelRow, threadIds: string[]): Promise<QuickButton[]> {
  const replyTo = threadIds[0];
  if (!replyTo) return [];
  const row = await deps.db
    .selectFrom('email_headers')
    .innerJoin('messages', 'messages.id', 'email_headers.message_id')
    .select('messages.attachments')
    .where('email_headers.rfc_message_id', '=', replyTo)
    .where('messages.channel_id', '=', channel.id)
    .where('messages.sender', '<>', 'customer')
    .executeTakeFirst();
  return quickButtons(row?.attachments);
}

/** The chosen option's value when the reply picks one of the mail's quick replies, else the text as written. */
export async function answerToOptions(deps: Deps, channel: ChannelRow, threadIds: string[], text: string): Promise<string> {
  const buttons = await offeredIn(deps, channel, threadIds);
  return buttons.length ? (chosenOption(text, buttons)?.value ?? text) : text;
}
