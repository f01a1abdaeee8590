import { htmlToText } from 'html-to-text';
import type { Attachment as MailAttachment, ParsedMail } from 'mailparser';
import { FORWARD_SUBJECT } from './quote-markers.ts';
import { visibleText } from './visible-text.ts';

/** Our own conversion, not mailparser's: no wrapping at 80 columns (it breaks quote headers), blockquotes as "> ". */
export const htmlAsText = (html: string) =>
  htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
      { selector: 'h1', options: { uppercase: false } },
      { selector: 'h2', options: { uppercase: false } },
      { selector: 'h3', options: { uppercase: false } },
      { selector: 'table', format: 'dataTable' },
    ],
  });

/**
 * The mail's own text: its text/plain parts, else its HTML converted. Parsed
 * with skipHtmlToText, `mail.text` holds only real text/plain parts, so an
 * HTML-only mail (whatever its MIME layout) is recognised as one.
 */
export function ownText(mail: ParsedMail): string {
  const plain = (mail.text ?? '').trim();
  if (plain) return plain;
  return typeof mail.html === 'string' ? htmlAsText(mail.html).trim() : '';
}

export interface ForwardedPart {
  attachment: MailAttachment;
  /** "Re: Order 1234.eml": the part's own filename, else its subject. */
  filename: string;
  text: string;
}

const isMessagePart = (a: MailAttachment) => a.contentType === 'message/rfc822';

const safeName = (subject: string | undefined) => `${(subject ?? '').replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim() || 'forwarded message'}.eml`;

/** A mail forwarded as an attachment: its headers and text, as a mail client would show it inline. */
async function unpack(a: MailAttachment): Promise<ForwardedPart> {
  const { simpleParser } = await import('mailparser'); // loaded on first use, as in ingest-mail.ts
  const inner = await simpleParser(a.content, { skipHtmlToText: true });
  const header = [
    '---------- Forwarded message ----------',
    inner.from && `From: ${inner.from.text}`,
    inner.date && `Date: ${inner.date.toUTCString()}`,
    inner.subject && `Subject: ${inner.subject}`,
    inner.to && `To: ${(Array.isArray(inner.to) ? inner.to : [inner.to]).map((t) => t.text).join(', ')}`,
  ].filter(Boolean);
  return { attachment: a, filename: a.filename ?? safeName(inner.subject), text: `${header.join('\n')}\n\n${ownText(inner)}`.trim() };
}

export async function forwardedParts(mail: ParsedMail): Promise<ForwardedPart[]> {
  return Promise.all(mail.attachments.filter(isMessagePart).map(unpack));
}

/** What the agent reads: the customer's words (history and signature removed), then anything forwarded as a part. */
export function bodyText(mail: ParsedMail, forwarded: ForwardedPart[]): string {
  const own = ownText(mail);
  const visible = own && visibleText(own, { forward: FORWARD_SUBJECT.test(mail.subject ?? '') });
  return [visible, ...forwarded.map((f) => f.text)].filter(Boolean).join('\n\n');
}
