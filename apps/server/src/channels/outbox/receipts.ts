import { sql } from 'kysely';
import type { ChannelRow, MessageRow } from '../../db/schema.ts';
import { transact, type Deps } from '../../platform/deps.ts';
import type { Tx } from '../../platform/tx.ts';
import { messageView } from '../../conversations/serialize.ts';
import { emitMessageUpdated, metaOf, patchMeta } from '../platform-meta.ts';
import type { ReceiptEvent } from '../types.ts';
import { setDelivery } from './settle.ts';

const RANK = { delivered: 1, read: 2 } as const;
/** A Messenger watermark marks at most this many of our latest messages at once. */
const WATERMARK_BATCH = 50;

/**
 * A platform-side failure marks our message failed (a mail bounce reports the
 * same way, email/bounces.ts); "delivered" and "read" are recorded on the
 * message as its receipt, never going back (read stays read), and agents hear
 * of it as `message.updated`. True when one of our outbound messages matched.
 */
export async function applyReceipt(deps: Deps, channel: ChannelRow, receipt: ReceiptEvent): Promise<boolean> {
  if (receipt.status === 'sent') return false;
  if (receipt.status === 'failed') return applyFailure(deps, channel, receipt);
  const status = receipt.status;
  return transact(deps, async (tx) => {
    const rows = receipt.upTo ? await sentUpTo(tx, channel.id, receipt.upTo) : await sentAs(tx, channel.id, receipt.platformMessageId);
    let changed = 0;
    for (const m of rows) {
      const before = metaOf(m).receipt;
      if (before && RANK[before] >= RANK[status]) continue;
      const row = await patchMeta(tx, m.id, { receipt: status, receiptAt: tx.now });
      if (row) await emitMessageUpdated(tx, row, messageView);
      changed++;
    }
    return changed > 0;
  });
}

async function sentAs(tx: Tx, channelId: string, platformMessageId: string): Promise<MessageRow[]> {
  return (await tx.db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .selectAll('messages')
    .where('outbox.channel_id', '=', channelId)
    .where('outbox.platform_message_id', '=', platformMessageId)
    .execute()) as MessageRow[];
}

/** Messenger reads and deliveries name no message: everything we sent that contact until the watermark. */
async function sentUpTo(tx: Tx, channelId: string, upTo: NonNullable<ReceiptEvent['upTo']>): Promise<MessageRow[]> {
  return (await tx.db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .innerJoin('conversations', 'conversations.id', 'outbox.conversation_id')
    .innerJoin('contact_identities', (j) =>
      j.onRef('contact_identities.contact_id', '=', 'conversations.contact_id').onRef('contact_identities.channel_id', '=', 'conversations.channel_id'),
    )
    .selectAll('messages')
    .where('outbox.channel_id', '=', channelId)
    .where('outbox.status', '=', 'sent')
    .where('contact_identities.external_id', '=', upTo.contactExternalId)
    .where('outbox.updated_at', '<=', upTo.watermark)
    .where(sql<boolean>`coalesce(messages.platform_meta->>'receipt', '') <> 'read'`)
    .orderBy('messages.created_at', 'desc')
    .limit(WATERMARK_BATCH)
    .execute()) as MessageRow[];
}

function applyFailure(deps: Deps, channel: ChannelRow, receipt: ReceiptEvent): Promise<boolean> {
  return transact(deps, async (tx) => {
    const row = await tx.db
      .updateTable('outbox')
      .set({ status: 'failed', last_error: receipt.error ?? 'reported failed by the platform', updated_at: tx.now })
      .where('channel_id', '=', channel.id)
      .where('platform_message_id', '=', receipt.platformMessageId)
      .returning('message_id')
      .executeTakeFirst();
    if (row) await setDelivery(tx, row.message_id, 'failed', receipt.error ?? 'reported failed by the platform');
    return Boolean(row);
  });
}
