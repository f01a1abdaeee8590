import { simpleParser } from 'mailparser';
import { sql } from 'kysely';
import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { receiveInbound } from '../../inbound/inbound.ts';
import { parseMail, type MailHeaders } from './parse-mail.ts';
import { asVerifiedOrNot, UNVERIFIED } from './unverified-sender.ts';
import type { MailAuth } from './verify-mail.ts';

/** The e-mail channels that own an address: mail to anything else is refused at RCPT TO. */
export async function channelsForAddress(deps: Deps, address: string): Promise<ChannelRow[]> {
  return deps.db
    .selectFrom('channels')
    .selectAll()
    .where('type', '=', 'email')
    .where(sql<boolean>`lower(config->>'address') = ${address.toLowerCase()}`)
    .execute();
}

/**
 * Auto-replies (out-of-office, bounces) would talk to our bot and the bot
 * back to them forever; RFC 3834 marks them, and they are accepted and dropped.
 */
const isAutomated = (autoSubmitted: unknown) => typeof autoSubmitted === 'string' && autoSubmitted.toLowerCase() !== 'no';

/** Stores one received mail in every addressed channel; throws (→ SMTP 451, the sender retries) if it cannot. */
export async function ingestMail(deps: Deps, raw: Buffer, recipients: string[], auth: MailAuth = UNVERIFIED): Promise<number> {
  const mail = await simpleParser(raw);
  if (isAutomated(mail.headers.get('auto-submitted'))) return 0;
  const parsed = parseMail(mail, raw);
  if (!parsed) return 0;
  // Our own verification replaces whatever Authentication-Results the sender wrote (issue #11, finding 11).
  const headers = { ...parsed.headers, spf: auth.spf, dkim: auth.dkim, dmarc: auth.dmarc };
  let stored = 0;
  const seen = new Set<string>();
  for (const address of recipients) {
    for (const channel of await channelsForAddress(deps, address)) {
      if (seen.has(channel.id) || parsed.event.contact.externalId === String(channel.config.address).toLowerCase()) continue;
      seen.add(channel.id);
      const { kind: _, ...input } = parsed.event;
      const result = await receiveInbound(deps, channel, asVerifiedOrNot(channel, input, auth));
      await deps.db.updateTable('messages').set({ mail_auth: JSON.stringify(auth) }).where('id', '=', result.messageId).execute();
      await recordHeaders(deps, result.messageId, result.conversationId, headers);
      stored++;
    }
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
