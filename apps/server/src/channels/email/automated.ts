import type { ParsedMail } from 'mailparser';

/** Mail written by a machine: a bounce (delivery report) or an auto-reply. Never a customer conversation. */
export interface AutomatedMail {
  kind: 'bounce' | 'auto-reply';
  /** Why we think so, for the log. */
  because: string;
  /** RFC 3464 Action of the report ("failed", "delayed" …); undefined when the bounce is not a structured report. */
  action?: string;
  /** "5.1.1 smtp; 550 5.1.1 user unknown": what the outbox records as the delivery error. */
  reason: string;
  /** Message-IDs of the mail this answers: from the returned message or its headers, and In-Reply-To/References. */
  references: string[];
}

const header = (mail: ParsedMail, name: string): string | undefined => {
  const v = mail.headers.get(name);
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && 'value' in v && typeof v.value === 'string') return v.value.trim();
  return undefined;
};

/** `Return-Path: <>` as a relay writes the null sender down (mailparser reads it as an address list). */
function nullReturnPath(v: unknown): boolean {
  if (typeof v === 'string') return v.trim() === '<>';
  const list = (v as { value?: Array<{ address?: string }> } | undefined)?.value;
  return Array.isArray(list) && list.length > 0 && list.every((a) => !a.address);
}

/** RFC 3464: multipart/report; report-type=delivery-status. */
function isDeliveryReport(mail: ParsedMail): boolean {
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return ct?.value?.toLowerCase() === 'multipart/report' && ct.params?.['report-type']?.toLowerCase() === 'delivery-status';
}

/** MAILER-DAEMON never writes as a person; postmaster can (an administrator), so it counts only with the null sender. */
const fromDaemon = (mail: ParsedMail, nullSender: boolean) => {
  const local = (mail.from?.value[0]?.address ?? '').split('@')[0]!.toLowerCase();
  return local === 'mailer-daemon' || (nullSender && local === 'postmaster');
};

/** RFC 3834 marks and the older vendor headers; the first that applies, or undefined. */
function autoReplyMark(mail: ParsedMail): string | undefined {
  const submitted = header(mail, 'auto-submitted')?.toLowerCase();
  if (submitted && submitted !== 'no') return `Auto-Submitted: ${submitted}`;
  if (header(mail, 'x-autoreply') !== undefined) return 'X-Autoreply';
  if (header(mail, 'x-autorespond') !== undefined) return 'X-Autorespond';
  const precedence = header(mail, 'precedence')?.toLowerCase();
  if (precedence && ['auto_reply', 'bulk', 'junk'].includes(precedence)) return `Precedence: ${precedence}`;
  return undefined;
}

/**
 * Decides whether a mail is automated. `envelopeFrom` is the SMTP MAIL FROM
 * (empty for `<>`: RFC 5321 reserves the null sender for notifications);
 * `Return-Path: <>` says the same when the mail reached us through a relay.
 */
export function automatedMail(mail: ParsedMail, envelopeFrom?: string): AutomatedMail | undefined {
  const nullSender = envelopeFrom === '' || nullReturnPath(mail.headers.get('return-path'));
  const report = isDeliveryReport(mail);
  if (report || fromDaemon(mail, nullSender)) {
    const fields = reportFields(mail.text ?? '');
    const because = report ? 'delivery-status report' : 'sent by the mailer daemon';
    return { kind: 'bounce', because, ...fields, reason: fields.reason || mail.subject || 'no reason given', references: referencedIds(mail, true) };
  }
  const mark = autoReplyMark(mail) ?? (nullSender ? 'empty envelope sender' : undefined);
  return mark ? { kind: 'auto-reply', because: mark, reason: mark, references: referencedIds(mail) } : undefined;
}

/** The per-recipient fields of a message/delivery-status part (mailparser appends that part to `text`). */
function reportFields(text: string): { action?: string; reason: string } {
  const field = (name: string) => text.match(new RegExp(String.raw`^${name}:[ \t]*(.+(?:\r?\n[ \t]+.+)*)`, 'im'))?.[1]?.replace(/\s+/g, ' ').trim();
  const status = field('Status');
  const diagnostic = field('Diagnostic-Code');
  return { action: field('Action')?.toLowerCase(), reason: [status, diagnostic].filter(Boolean).join(' ') };
}

const MESSAGE_ID = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s]+>)/gim;

/**
 * Our Message-ID as the report returned it (message/rfc822 or
 * text/rfc822-headers part, or for a bounce the copy older MTAs such as qmail
 * paste into the text), then the mail's own threading headers.
 */
function referencedIds(mail: ParsedMail, bounce = false): string[] {
  const returned = mail.attachments
    .filter((a) => a.contentType === 'message/rfc822' || a.contentType === 'text/rfc822-headers')
    .flatMap((a) => [...headerBlock(a.content.toString('utf8')).matchAll(MESSAGE_ID)].map((m) => m[1]!));
  if (bounce) returned.push(...[...(mail.text ?? '').matchAll(MESSAGE_ID)].map((m) => m[1]!));
  const own = [mail.inReplyTo, ...(Array.isArray(mail.references) ? mail.references : [mail.references])].filter((v): v is string => typeof v === 'string');
  return [...new Set([...returned, ...own.flatMap((v) => v.match(/<[^<>\s]+>/g) ?? [])])];
}

/** Only the header section: a Message-ID quoted in the returned body is not the returned mail's. */
const headerBlock = (raw: string) => raw.split(/\r?\n\r?\n/, 1)[0] ?? '';
