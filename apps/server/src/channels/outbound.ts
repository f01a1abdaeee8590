import { sql } from 'kysely';
import type { ConversationRow, MessageRow } from '../db/schema.ts';
import { anyOf, rowsOf } from '../db/unnest.ts';
import type { Tx } from '../platform/tx.ts';

/**
 * Channels whose only transport is our own stream: the message reaches the
 * web-chat visitor's WebSocket (or an API client's stream) when this
 * transaction commits, so there is nothing to queue and nothing to retry.
 */
const STREAM_ONLY = new Set(['api', 'webchat']);

/** How an outbound message starts: 'sent' for stream-only channels, 'pending' (queued in the outbox) for the rest. */
export const initialDelivery = (channelType: string) => (STREAM_ONLY.has(channelType) ? 'sent' : 'pending');

/** The outbox row's id follows from the message's, so one message can never be queued twice. */
export const outboxIdFor = (messageId: string) => `out_${messageId.replace(/^msg_/, '')}`;

/**
 * Called in the same transaction that stores an agent's or the bot's message,
 * so the outbox row commits with the message or not at all.
 */
export async function enqueueOutbound(tx: Tx, conv: ConversationRow, message: MessageRow): Promise<void> {
  const channel = await tx.db.selectFrom('channels').select('type').where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
  const delivery = initialDelivery(channel.type);
  if (message.delivery !== delivery) {
    await tx.db.updateTable('messages').set({ delivery }).where('id', '=', message.id).execute();
    // The caller emits message.created from this very row after we return: keep it truthful.
    message.delivery = delivery;
  }
  if (delivery === 'sent') return;
  await tx.db.insertInto('outbox').values(outboxRow(tx, conv, message)).execute();
}

/** How each channel's outbound messages start (one read for a batch's channels). */
export async function deliveriesOf(tx: Tx, channelIds: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(channelIds)];
  if (unique.length === 0) return new Map();
  const rows = await tx.db.selectFrom('channels').select(['id', 'type']).where('id', '=', anyOf(unique)).execute();
  return new Map(rows.map((c) => [c.id, initialDelivery(c.type)]));
}

/** enqueueOutbound for messages stored with their delivery already set (deliveriesOf): one statement for all the pending ones. */
export async function enqueueOutboundAll(tx: Tx, items: Array<{ conv: ConversationRow; message: MessageRow }>): Promise<void> {
  const pending = items.filter((i) => i.message.delivery === 'pending');
  if (pending.length === 0) return;
  // One statement text however many (db/unnest.ts).
  const rows = rowsOf(pending, 'o', [
    ['id', 'text', (p) => outboxIdFor(p.message.id)], ['workspace_id', 'text', (p) => p.conv.workspace_id], ['channel_id', 'text', (p) => p.conv.channel_id],
    ['conversation_id', 'text', (p) => p.conv.id], ['message_id', 'text', (p) => p.message.id], ['seq', 'int4', (p) => p.message.seq],
  ]);
  await sql`
    INSERT INTO outbox (id, workspace_id, channel_id, conversation_id, message_id, seq, status, next_attempt_at, platform_message_id, last_error, response, created_at, updated_at)
    SELECT o.id, o.workspace_id, o.channel_id, o.conversation_id, o.message_id, o.seq, 'pending', ${tx.now}::int8, NULL, NULL, NULL, ${tx.now}::int8, ${tx.now}::int8
    FROM ${rows}`.execute(tx.db);
}

/** The outbox row that queues a stored message for its channel, due now. */
function outboxRow(tx: Tx, conv: ConversationRow, message: MessageRow) {
  return {
    id: outboxIdFor(message.id),
    workspace_id: conv.workspace_id,
    channel_id: conv.channel_id,
    conversation_id: conv.id,
    message_id: message.id,
    seq: message.seq,
    status: 'pending' as const,
    next_attempt_at: tx.now,
    platform_message_id: null,
    last_error: null,
    response: null,
    created_at: tx.now,
    updated_at: tx.now,
  };
}
