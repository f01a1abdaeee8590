import nodemailer from 'nodemailer';
import { DeliveryError, type OutboundAdapter, type SendContext } from '../types.ts';
import { fetchImageAttachments } from './attachments.ts';
import { recordHeaders } from './ingest-mail.ts';
import { mailBody } from './quick-replies.ts';
import { mailRecipient } from './unverified-sender.ts';

const MAX_REFERENCES = 20;

/** The Message-ID follows from our message id, so a resend after a crash is the same mail to the recipient's client. */
const messageIdFor = (ctx: SendContext) => `<${ctx.message.id}@${String(ctx.config.address ?? 'switchboard.local').split('@')[1] ?? 'switchboard.local'}>`;

/** In-Reply-To the customer's latest mail, References the whole thread, "Re:" its subject: the reply threads in their client. */
async function threadHeaders(ctx: SendContext) {
  const rows = await ctx.deps.db
    .selectFrom('email_headers')
    .innerJoin('messages', 'messages.id', 'email_headers.message_id')
    .select(['email_headers.rfc_message_id', 'email_headers.subject', 'messages.sender'])
    .where('email_headers.conversation_id', '=', ctx.message.conversation_id)
    .where('messages.seq', '<', ctx.message.seq)
    .orderBy('messages.seq')
    .execute();
  const lastCustomer = rows.filter((r) => r.sender === 'customer').at(-1);
  const subject = rows.find((r) => r.subject)?.subject ?? String(ctx.config.subject ?? ctx.channel.name);
  return {
    subject: /^re:/i.test(subject) ? subject : `Re: ${subject}`,
    inReplyTo: lastCustomer?.rfc_message_id,
    references: rows.map((r) => r.rfc_message_id).slice(-MAX_REFERENCES),
  };
}

/**
 * SMTP 5xx is a refusal that a retry will meet again; 4xx and dropped
 * connections are worth retrying. Agents read the text, so it carries the
 * reply code only: what the remote server said goes to the log.
 */
function deliveryError(ctx: SendContext, error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { responseCode?: number; code?: string; message: string; response?: string };
  ctx.deps.log.warn({ responseCode: e.responseCode, code: e.code, reply: (e.response ?? e.message).slice(0, 500) }, 'SMTP delivery failed');
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
  if (typeof e.responseCode === 'number') return new DeliveryError(`SMTP_${e.responseCode}: the mail server answered ${e.responseCode}`, permanent, { responseCode: e.responseCode });
  return new DeliveryError(`SMTP: ${e.code ?? 'the connection to the mail server failed'}`, false);
}

export const emailOutbound: OutboundAdapter = {
  async send(ctx) {
    if (!ctx.secrets.smtpUrl) throw new DeliveryError('this e-mail channel has no smtpUrl configured', true);
    const thread = await threadHeaders(ctx);
    const messageId = messageIdFor(ctx);
    const attachments = await fetchImageAttachments(ctx.deps, ctx.message.attachments as unknown[]);
    const transport = nodemailer.createTransport(ctx.secrets.smtpUrl);
    try {
      const info = await transport.sendMail({
        from: { name: String(ctx.config.fromName ?? ctx.channel.name), address: String(ctx.config.address) },
        to: mailRecipient(ctx.recipient),
        subject: thread.subject,
        ...mailBody(ctx.message.text, ctx.message.attachments),
        messageId,
        inReplyTo: thread.inReplyTo,
        references: thread.references,
        attachments,
        // Belt and braces: nodemailer must never open a URL or a file on its own.
        disableUrlAccess: true,
        disableFileAccess: true,
      });
      await recordHeaders(ctx.deps, ctx.message.id, ctx.message.conversation_id, { rfcMessageId: messageId, subject: thread.subject, inReplyTo: thread.inReplyTo ?? null, spf: null, dkim: null });
      return { platformMessageId: messageId, response: { response: info.response, accepted: info.accepted, rejected: info.rejected } };
    } catch (error) {
      throw deliveryError(ctx, error);
    } finally {
      transport.close();
    }
  },
};
