import type { OutboxRow } from '../../db/schema.ts';
import { transact, type Deps } from '../../platform/deps.ts';
import type { Tx } from '../../platform/tx.ts';
import { patchMeta } from '../platform-meta.ts';
import { backoffMs, MAX_ATTEMPTS } from './claim.ts';

type Delivery = 'pending' | 'sent' | 'failed';

/**
 * Every settle is a compare-and-set on (status 'sending', attempts): if our
 * lease ran out and another process re-claimed the row, its outcome wins and
 * ours is dropped, so a row is never marked by two senders. Resolves to
 * whether ours was the one recorded.
 */
async function settle(deps: Deps, row: OutboxRow, patch: Record<string, unknown>, delivery: Delivery, error: string | null, meta?: Record<string, unknown>): Promise<boolean> {
  return transact(deps, async (tx) => {
    const res = await tx.db
      .updateTable('outbox')
      .set({ ...patch, updated_at: tx.now })
      .where('id', '=', row.id)
      .where('status', '=', 'sending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (res.numUpdatedRows !== 1n) return false;
    if (meta) await patchMeta(tx, row.message_id, meta);
    await setDelivery(tx, row.message_id, delivery, error, meta);
    return true;
  });
}

export const markSent = (deps: Deps, row: OutboxRow, platformMessageId: string | undefined, response: unknown, meta?: Record<string, unknown>) =>
  settle(deps, row, { status: 'sent', platform_message_id: platformMessageId ?? row.platform_message_id, response: JSON.stringify(response ?? null), last_error: null }, 'sent', null, meta);

/** A transient failure is retried after a backoff until MAX_ATTEMPTS; a permanent one fails at once. */
export function markFailedAttempt(deps: Deps, row: OutboxRow, error: string, permanent: boolean, response?: unknown) {
  const giveUp = permanent || row.attempts >= MAX_ATTEMPTS;
  const base = { last_error: error.slice(0, 2000), response: JSON.stringify(response ?? null) };
  if (giveUp) return settle(deps, row, { ...base, status: 'failed' }, 'failed', error.slice(0, 2000));
  return settle(deps, row, { ...base, status: 'pending', next_attempt_at: deps.clock.now() + backoffMs(row.attempts) }, 'pending', error.slice(0, 2000));
}

/** Progress inside a multi-request send; keeps the claim (same CAS) so only the lease holder writes it. */
export async function markPartSent(deps: Deps, row: OutboxRow, partsSent: number, platformMessageId?: string) {
  await deps.db
    .updateTable('outbox')
    .set({ parts_sent: partsSent, platform_message_id: platformMessageId ?? null, updated_at: deps.clock.now() })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute();
  row.parts_sent = partsSent;
}

/** messages.delivery mirrors the outbox; agents hear of every change on the stream. */
export async function setDelivery(tx: Tx, messageId: string, delivery: Delivery, error: string | null, meta?: Record<string, unknown>) {
  const before = await tx.db.selectFrom('messages').select(['delivery', 'delivery_error']).where('id', '=', messageId).executeTakeFirst();
  if (!before || (before.delivery === delivery && before.delivery_error === error)) return;
  const msg = await tx.db
    .updateTable('messages')
    .set({ delivery, delivery_error: error })
    .where('id', '=', messageId)
    .returning(['conversation_id', 'workspace_id'])
    .executeTakeFirstOrThrow();
  const conv = await tx.db.selectFrom('conversations').select(['status', 'assignee_id']).where('id', '=', msg.conversation_id).executeTakeFirstOrThrow();
  tx.emit({
    type: 'message.delivery_changed',
    workspaceId: msg.workspace_id,
    agentIds: conv.status === 'processing' && conv.assignee_id ? [conv.assignee_id] : undefined,
    // deliveredVia (LINE reply|push) and the Messenger tag come with `sent`.
    data: { conversationId: msg.conversation_id, id: messageId, delivery, error, ...(meta?.deliveredVia !== undefined && { deliveredVia: meta.deliveredVia }) },
  });
}
