/**
 * The bot's quick replies as WhatsApp Cloud API interactive messages: up to
 * 3 as reply buttons (title ≤ 20 characters, id ≤ 256), up to 10 as a list
 * (row title ≤ 24, description ≤ 72, id ≤ 200) behind a button that opens
 * it. The id is the option's value; a tap comes back as an `interactive`
 * message whose `button_reply.id` / `list_reply.id` it is (webhook.ts).
 * Buttons whose titles would read the same once cut become a list, whose
 * rows show the rest of the label as their description. More than 10
 * options, or a value too long for an id, are listed, numbered, under a
 * plain text. The body of an interactive message holds 1024 characters: a
 * longer text goes first as a plain message, the choice after it. These are
 * free-form messages like text, sent only inside the 24-hour window
 * (windows/): after it, only templates go out, and they carry no buttons.
 */
import { allDistinct, charCount, cut, quickButtons, scriptLanguage, withNumberedOptions, type QuickButton } from '../quick-replies.ts';

const MAX_BUTTONS = 3;
const BUTTON_TITLE = 20;
const BUTTON_ID = 256;
const MAX_ROWS = 10;
const ROW_TITLE = 24;
const ROW_DESCRIPTION = 72;
const ROW_ID = 200;
const BODY_CHARS = 1024;

/** The button that opens the list (≤ 20 characters), and the body of the choice when the text went first on its own. */
const WORDS = {
  zh: { open: '查看選項', choose: '請選擇：' },
  ja: { open: '選択肢を見る', choose: '選んでください：' },
  en: { open: 'See options', choose: 'Please choose:' },
} as const;

type Body = Record<string, unknown>;

function buttonAction(buttons: QuickButton[]): Body | undefined {
  const titles = buttons.map((b) => cut(b.label, BUTTON_TITLE));
  if (buttons.length > MAX_BUTTONS || !allDistinct(titles) || buttons.some((b) => charCount(b.value) > BUTTON_ID)) return undefined;
  return { type: 'button', action: { buttons: buttons.map((b, i) => ({ type: 'reply', reply: { id: b.value, title: titles[i] } })) } };
}

function listAction(buttons: QuickButton[], open: string): Body | undefined {
  if (buttons.length > MAX_ROWS || buttons.some((b) => charCount(b.value) > ROW_ID)) return undefined;
  const rows = buttons.map((b) => {
    const title = cut(b.label, ROW_TITLE);
    // The description carries what the cut title lost, so two long questions can be told apart.
    return { id: b.value, title, ...(title !== b.label && { description: cut(b.label, ROW_DESCRIPTION) }) };
  });
  return { type: 'list', action: { button: open, sections: [{ rows }] } };
}

/** The `type`/payload pairs of the message's text: one interactive message, or plain text then the choice, or plain text with the options listed. */
export function whatsappTextBodies(text: string, attachments: unknown): Body[] {
  const buttons = quickButtons(attachments);
  const plain = (body: string): Body => ({ type: 'text', text: { body } });
  if (buttons.length === 0) return [plain(text)];
  const words = WORDS[scriptLanguage(text)];
  const choice = buttonAction(buttons) ?? listAction(buttons, words.open);
  if (!choice) return [plain(withNumberedOptions(text, buttons))];
  const interactive = (body: string): Body => ({ type: 'interactive', interactive: { type: choice.type, body: { text: body }, action: choice.action } });
  return charCount(text) <= BODY_CHARS ? [interactive(text)] : [plain(text), interactive(words.choose)];
}
