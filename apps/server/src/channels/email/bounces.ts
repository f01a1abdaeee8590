import { sql } from 'kysely';
import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { applyReceipt } from '../outbox/receipts.ts';
import type { AutomatedMail } from './automated.ts';

/** A report that is not a final failure ("delayed": the remote MTA is still trying; "delivered", "relayed", "expanded") changes nothing. */
const isFailure = (m: AutomatedMail) => m.kind === 'bounce' && (m.action === undefined || m.action === 'failed');

/**
 * Relays that rewrite the Message-ID (Amazon SES gives every mail
 * `<queue-id@…amazonses.com>` and answers the send with "250 Ok queue-id")
 * return a Message-ID we never set; its local part is the relay's queue id,
 * which our outbox row keeps in the SMTP answer. Short local parts are not
 * tried: they could match unrelated answers.
 */
async function outboxByRelayId(deps: Deps, channel: ChannelRow, ref: string): Promise<string | undefined> {
  const local = ref.match(/^<([^@<>\s]{16,})@[^<>\s]+>$/)?.[1];
  if (!local) return undefined;
  const pattern = `%${local.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const row = await deps.db
    .selectFrom('outbox')
    .select('platform_message_id')
    .where('channel_id', '=', channel.id)
    .where(sql<boolean>`response::text like ${pattern}`)
    .executeTakeFirst();
  return row?.platform_message_id ?? undefined;
}

/** Marks the reply a bounce names failed; true if one of ours matched. */
async function failReply(deps: Deps, channel: ChannelRow, ref: string, reason: string): Promise<boolean> {
  const error = `bounced: ${reason}`.slice(0, 2000);
  if (await applyReceipt(deps, channel, { kind: 'receipt', platformMessageId: ref, status: 'failed', error })) return true;
  const ours = await outboxByRelayId(deps, channel, ref);
  return ours !== undefined && applyReceipt(deps, channel, { kind: 'receipt', platformMessageId: ours, status: 'failed', error });
}

/**
 * A bounce of one of our replies marks that reply failed, the way a platform's
 * failed status does (the agent sees why on the message); anything else
 * automated is only logged. Neither ever reaches a conversation.
 */
export async function settleAutomated(deps: Deps, channels: ChannelRow[], mail: AutomatedMail): Promise<void> {
  let marked = 0;
  if (isFailure(mail)) {
    for (const channel of channels) {
      for (const ref of mail.references) if (await failReply(deps, channel, ref, mail.reason)) marked++;
    }
  }
  deps.log.info({ kind: mail.kind, because: mail.because, action: mail.action, reason: mail.reason, references: mail.references, marked }, 'automated mail accepted and dropped');
}
