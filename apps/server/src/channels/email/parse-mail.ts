import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { Attachment, InboundEvent } from '../types.ts';
import { bodyText, type ForwardedPart } from './mail-body.ts';

export interface MailHeaders {
  rfcMessageId: string;
  subject: string | null;
  inReplyTo: string | null;
  spf: string | null;
  dkim: string | null;
}

/** "spf=pass smtp.mailfrom=…; dkim=fail header.d=…" → {spf: 'pass', dkim: 'fail'}, as the receiving MTA recorded them. */
export function authenticationResults(headerValue: unknown): { spf: string | null; dkim: string | null } {
  const text = (Array.isArray(headerValue) ? headerValue : [headerValue]).filter((v) => typeof v === 'string').join(';');
  return { spf: text.match(/\bspf=(\w+)/i)?.[1]?.toLowerCase() ?? null, dkim: text.match(/\bdkim=(\w+)/i)?.[1]?.toLowerCase() ?? null };
}

function attachmentType(contentType: string): Attachment['type'] {
  const major = contentType.split('/')[0];
  return major === 'image' || major === 'audio' || major === 'video' ? major : 'file';
}

/** What was attached; ingest-mail.ts stores the bytes (attachments/mail-parts.ts). A forwarded mail part is named after its subject. */
const attachments = (mail: ParsedMail, forwarded: ForwardedPart[]): Attachment[] =>
  mail.attachments.map((a) => {
    const part = forwarded.find((f) => f.attachment === a);
    return {
      type: part ? 'message' : attachmentType(a.contentType),
      filename: part?.filename ?? a.filename,
      contentType: a.contentType,
      size: a.size,
      checksum: a.checksum,
      ...(a.contentDisposition === 'inline' && { inline: true }),
    };
  });

const firstAddress = (a: AddressObject | AddressObject[] | undefined) => (Array.isArray(a) ? a[0] : a)?.value[0];

/** Plain text is preferred, else the HTML converted (mail-body.ts); mail forwarded as an attachment is shown below. */
export function parseMail(mail: ParsedMail, raw: Buffer, forwarded: ForwardedPart[] = []): { event: InboundEvent; headers: MailHeaders } | undefined {
  const from = firstAddress(mail.from);
  if (!from?.address) return undefined;
  // Without a Message-ID the content hash is what makes a resent copy recognisable.
  const rfcMessageId = mail.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@no-message-id>`;
  const files = attachments(mail, forwarded);
  const body = bodyText(mail, forwarded);
  const text = body || mail.subject || (files.length ? files.map((f) => `[${f.type}] ${f.filename ?? ''}`.trim()).join(' ') : '[empty mail]');
  return {
    event: { kind: 'message', contact: { externalId: from.address.toLowerCase(), name: from.name || undefined }, externalMessageId: rfcMessageId, text, attachments: files },
    headers: { rfcMessageId, subject: mail.subject ?? null, inReplyTo: mail.inReplyTo ?? null, ...authenticationResults(mail.headers.get('authentication-results')) },
  };
}
