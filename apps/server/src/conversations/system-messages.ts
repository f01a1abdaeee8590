import { documentTerms } from '@switchboard/core';
import { sql } from 'kysely';
import { anyOf, rowsOf } from '../db/unnest.ts';
import { MESSAGE_COLUMNS, type ConversationRow, type MessageRow } from '../db/schema.ts';
import { deliveriesOf, enqueueOutboundAll } from '../channels/outbound.ts';
import type { Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { messageCreated } from './conversation-store.ts';

/**
 * appendMessage for system messages to many conversations at once (one
 * each): R12's waiting messages to a routing batch's new customers (issue
 * #13: a message each cost five statements under the routing lock). Each
 * conversation's counter hands out its next number as appendMessage's does;
 * the messages start with their channel's delivery and go to the outbox
 * together. Three statements whatever the number. Also the satisfaction
 * surveys of a routing batch's closes (agent-tools/csat.ts), with their
 * attachments (the widget's stars).
 */
export async function appendSystemMessages(
  tx: Tx,
  deps: Pick<Deps, 'ids'>,
  items: Array<{ conv: ConversationRow; text: string; attachments?: unknown[] }>,
): Promise<MessageRow[]> {
  if (items.length === 0) return [];
  if (new Set(items.map((i) => i.conv.id)).size !== items.length) throw new Error('appendSystemMessages: one message per conversation');
  const deliveries = await deliveriesOf(
    tx,
    items.map((i) => i.conv.channel_id),
  );
  const given = items.map(({ conv, text, attachments }) => ({
    conv,
    text,
    attachments: JSON.stringify(attachments ?? []),
    id: deps.ids.next('msg'),
    delivery: deliveries.get(conv.channel_id) ?? 'pending',
  }));
  // One statement text for any number of messages (db/unnest.ts); each message's search terms as a JSON array.
  const rowsGiven = rowsOf(given, 'g', [
    ['conversation_id', 'text', (g) => g.conv.id], ['id', 'text', (g) => g.id], ['workspace_id', 'text', (g) => g.conv.workspace_id],
    ['channel_id', 'text', (g) => g.conv.channel_id], ['text', 'text', (g) => g.text], ['attachments', 'jsonb', (g) => g.attachments],
    ['delivery', 'text', (g) => g.delivery], ['terms', 'jsonb', (g) => JSON.stringify(documentTerms(g.text))],
  ]);
  const { rows } = await sql<MessageRow>`
    WITH counter AS (
      UPDATE conversations SET message_count = message_count + 1, updated_at = ${tx.now}::int8
      WHERE id = ${anyOf(given.map((g) => g.conv.id))} RETURNING id, message_count
    )
    INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, attachments, external_id, delivery, created_at, platform_meta, search, private, mentions)
    SELECT g.id, g.workspace_id, g.channel_id, g.conversation_id, counter.message_count, 'system', NULL, g.text, g.attachments,
           NULL, g.delivery, ${tx.now}::int8, '{}'::jsonb, array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(g.terms))), false, '[]'::jsonb
    FROM ${rowsGiven} JOIN counter ON counter.id = g.conversation_id
    RETURNING ${sql.raw(MESSAGE_COLUMNS)}`.execute(tx.db);
  const byConversation = new Map(rows.map((r) => [r.conversation_id, r]));
  const stored = given.map((g) => ({ conv: g.conv, message: byConversation.get(g.conv.id)! }));
  if (stored.some((s) => !s.message)) throw new Error('appendSystemMessages: a conversation was not found');
  await enqueueOutboundAll(tx, stored);
  for (const s of stored) tx.emit(messageCreated(s.conv, s.message));
  return stored.map((s) => s.message);
}
