import type { ChannelRow } from '../../db/schema.ts';
import { transact, type Deps } from '../../platform/deps.ts';
import type { ReceiptEvent } from '../types.ts';
import { setDelivery } from './settle.ts';

/**
 * Only a platform-side failure changes our record: "delivered" and "read"
 * confirm what "sent" already says. A mail bounce reports the same way
 * (email/bounces.ts). True when one of our outbound messages matched.
 */
export async function applyReceipt(deps: Deps, channel: ChannelRow, receipt: ReceiptEvent): Promise<boolean> {
  if (receipt.status !== 'failed') return false;
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
