import { sql } from 'kysely';
import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { receiveInbound } from '../../inbound/inbound.ts';
import { automatedMail } from './automated.ts';
import { settleAutomated } from './bounces.ts';
import { forwardedParts } from './mail-body.ts';
import { parseMail, type MailHeaders } from './parse-mail.ts';
import { answerToOptions } from './quick-replies.ts';
import { acceptsUnverified, asVerifiedOrNot, UNVERIFIED } from './unverified-sender.ts';
import { findThread, threadIds, threadInput } from './threading.ts';
import type { MailAuth } from './verify-mail.ts';
import { storeMailParts } from '../../attachments/mail-parts.ts';
import { linkFiles } from '../../attachments/message-files.ts';
import { getSecuritySettings } from '../../security/settings.ts';

/** The e-mail channels that own an address: mail to anything else is refused at RCPT TO. */
export async function channelsForAddress(deps: Deps, address: string): Promise<ChannelRow[]> {
  return deps.db
    .selectFrom('channels')
    .selectAll()
    .where('type', '=', 'email')
    .where(sql<boolean>`lower(config->>'address') = ${address.toLowerCase()}`)
    .execute();
}

/** The addressed e-mail channels, each once. */
async function addressedChannels(deps: Deps, recipients: string[]): Promise<ChannelRow[]> {
  const found = new Map<string, ChannelRow>();
  for (const address of recipients) for (const channel of await channelsForAddress(deps, address)) found.set(channel.id, channel);
  return [...found.values()];
}

/**
 * Stores one received mail in every addressed channel; throws (→ SMTP 451, the
 * sender retries) if it cannot. Bounces and auto-replies would talk to our bot
 * and the bot back to them forever: they are accepted, settle the reply they
 * answer (bounces.ts) and are dropped. `envelopeFrom` is the SMTP MAIL FROM.
 */
export async function ingestMail(deps: Deps, raw: Buffer, recipients: string[], envelopeFrom?: string, auth: MailAuth = UNVERIFIED): Promise<number> {
  // Loaded with the first mail, not at start (it is a fifth of the server's start-up CPU).
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipHtmlToText: true });
  const channels = await addressedChannels(deps, recipients);
  const automated = automatedMail(mail, envelopeFrom);
  if (automated) {
    await settleAutomated(deps, channels, automated);
    return 0;
  }
  const parsed = parseMail(mail, raw, await forwardedParts(mail));
  if (!parsed) return 0;
  const ids = threadIds(mail);
  // Our own verification replaces whatever Authentication-Results the sender wrote (issue #11, finding 11).
  const headers = { ...parsed.headers, spf: auth.spf, dkim: auth.dkim, dmarc: auth.dmarc };
  let stored = 0;
  for (const channel of channels) {
    if (parsed.event.contact.externalId === String(channel.config.address).toLowerCase()) continue;
    const { kind: _, ...event } = parsed.event;
    const text = await answerToOptions(deps, channel, ids, event.text);
    const input = { ...event, text, attachments: await storeMailParts(deps, channel.workspace_id, mail.attachments, event.attachments) };
    const workspaceAccepts = auth.verdict !== 'pass' && (await getSecuritySettings(deps.db, channel.workspace_id)).acceptUnverifiedMail;
    const verified = auth.verdict === 'pass' || acceptsUnverified(channel, workspaceAccepts);
    const subject = mail.subject ? { subject: mail.subject } : undefined;
    const filed = { ...asVerifiedOrNot(channel, input, auth, workspaceAccepts), ...(subject && { platformMeta: subject }) };
    const result = await receiveInbound(deps, channel, await threadInput(deps, channel, filed, await findThread(deps, channel, ids), verified));
    await linkFiles(deps.db, input.attachments, result.conversationId);
    await deps.db.updateTable('messages').set({ mail_auth: JSON.stringify(auth) }).where('id', '=', result.messageId).execute();
    await recordHeaders(deps, result.messageId, result.conversationId, headers);
    stored++;
  }
  return stored;
}

/** Idempotent: a redelivered mail maps to the first stored message, whose headers are already there. */
export async function recordHeaders(deps: Pick<Deps, 'db' | 'clock'>, messageId: string, conversationId: string, h: MailHeaders & { dmarc?: string | null }) {
  await deps.db
    .insertInto('email_headers')
    .values({
      message_id: messageId,
      conversation_id: conversationId,
      rfc_message_id: h.rfcMessageId,
      subject: h.subject,
      in_reply_to: h.inReplyTo,
      spf: h.spf,
      dkim: h.dkim,
      dmarc: h.dmarc ?? null,
      created_at: deps.clock.now(),
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}
