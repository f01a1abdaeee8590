import { sql, type RawBuilder } from 'kysely';
import type { NewConversationEvent } from './schema.ts';
import { rowsOf } from './unnest.ts';

/** conversation_events rows as one FROM item `h` (db/unnest.ts): one statement text however many rows. */
export function historyRows(history: readonly NewConversationEvent[]): RawBuilder<unknown> {
  return rowsOf(history, 'h', [
    ['workspace_id', 'text', (h) => h.workspace_id], ['conversation_id', 'text', (h) => h.conversation_id], ['at', 'int8', (h) => h.at],
    ['type', 'text', (h) => h.type], ['from_status', 'text', (h) => h.from_status ?? null], ['to_status', 'text', (h) => h.to_status ?? null],
    ['cause', 'text', (h) => h.cause], ['actor_type', 'text', (h) => h.actor_type], ['actor_id', 'text', (h) => h.actor_id ?? null],
    ['data', 'jsonb', (h) => (typeof h.data === 'string' ? h.data : JSON.stringify(h.data ?? {}))],
  ]);
}

/** The INSERT of these history rows (with RETURNING 1 it can be a WITH clause). */
export function insertHistory(history: readonly NewConversationEvent[]): RawBuilder<unknown> {
  return sql`INSERT INTO conversation_events (workspace_id, conversation_id, at, type, from_status, to_status, cause, actor_type, actor_id, data)
    SELECT * FROM ${historyRows(history)}`;
}
