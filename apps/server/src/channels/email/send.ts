import nodemailer from 'nodemailer';
import { DeliveryError, type OutboundAdapter, type SendContext } from '../types.ts';
import { recordHeaders } from './ingest-mail.ts';

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

/** SMTP 5xx is a refusal that a retry will meet again; 4xx and dropped connections are worth retrying. */
function deliveryError(error: unknown): DeliveryError {
  const e = error as { responseCode?: number; message: string; response?: string };
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
  return new DeliveryError(`SMTP: ${e.message}`, permanent, e.response ?? null);
}

export const emailOutbound: OutboundAdapter = {
  async send(ctx) {
    if (!ctx.secrets.smtpUrl) throw new DeliveryError('this e-mail channel has no smtpUrl configured', true);
    const thread = await threadHeaders(ctx);
    const messageId = messageIdFor(ctx);
    const images = (ctx.message.attachments as Array<{ type?: string; url?: string }>).filter((a) => a.type === 'image' && a.url);
    const transport = nodemailer.createTransport(ctx.secrets.smtpUrl);
    try {
      const info = await transport.sendMail({
        from: { name: String(ctx.config.fromName ?? ctx.channel.name), address: String(ctx.config.address) },
        to: ctx.recipient,
        subject: thread.subject,
        text: ctx.message.text,
        messageId,
        inReplyTo: thread.inReplyTo,
        references: thread.references,
        attachments: images.map((a) => ({ path: a.url! })),
      });
      await recordHeaders(ctx.deps, ctx.message.id, ctx.message.conversation_id, { rfcMessageId: messageId, subject: thread.subject, inReplyTo: thread.inReplyTo ?? null, spf: null, dkim: null });
      return { platformMessageId: messageId, response: { response: info.response, accepted: info.accepted, rejected: info.rejected } };
    } catch (error) {
      throw deliveryError(error);
    } finally {
      transport.close();
    }
  },
};
