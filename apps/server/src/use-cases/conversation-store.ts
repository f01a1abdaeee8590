import { DomainError, notFound } from '@switchboard/core';
import { sql } from 'kysely';
import type { ConversationRow } from '../db/schema.ts';
import { enqueueOutbound } from '../channels/outbound.ts';
import type { Deps } from '../deps.ts';
import type { Tx } from '../tx.ts';
import { messageView } from './serialize.ts';

/** Tells `inTransaction` to run the unit of work again from the top (same code as a serialization failure). */
export class RetryTransaction extends Error {
  readonly code = '40001';
}

export async function lockConversation(tx: Tx, workspaceId: string, id: string): Promise<ConversationRow> {
  const row = await tx.db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('conversation', id);
  return row;
}

export async function findOpenConversation(tx: Tx, channelId: string, contactId: string) {
  return tx.db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('contact_id', '=', contactId)
    .where('status', '<>', 'completed')
    .executeTakeFirst();
}

export interface NewMessage {
  sender: 'customer' | 'agent' | 'bot' | 'system';
  text: string;
  agentId?: string | null;
  externalId?: string | null;
  attachments?: unknown[];
  delivery?: string | null;
}

export class DuplicateMessage extends Error {}

/**
 * Appends a message at the next sequence number of its conversation. The
 * counter update takes the conversation's row lock, so messages of one
 * conversation are numbered one at a time, in commit order.
 */
export async function appendMessage(tx: Tx, deps: Pick<Deps, 'ids'>, conv: ConversationRow, m: NewMessage) {
  const { message_count: seq } = await tx.db
    .updateTable('conversations')
    .set({ message_count: sql`message_count + 1`, updated_at: tx.now })
    .where('id', '=', conv.id)
    .returning('message_count')
    .executeTakeFirstOrThrow();
  const row = await tx.db
    .insertInto('messages')
    .values({
      id: deps.ids.next('msg'),
      workspace_id: conv.workspace_id,
      channel_id: conv.channel_id,
      conversation_id: conv.id,
      seq,
      sender: m.sender,
      agent_id: m.agentId ?? null,
      text: m.text,
      attachments: JSON.stringify(m.attachments ?? []),
      external_id: m.externalId ?? null,
      delivery: m.delivery ?? null,
      delivery_error: null,
      created_at: tx.now,
    })
    .onConflict((oc) => oc.columns(['channel_id', 'external_id']).where('external_id', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new DuplicateMessage();
  if (row.sender === 'agent' || row.sender === 'bot') await enqueueOutbound(tx, conv, row);
  tx.emit({
    type: 'message.created',
    workspaceId: conv.workspace_id,
    conversationId: conv.id,
    agentIds: conv.status === 'processing' && conv.assignee_id ? [conv.assignee_id] : undefined,
    data: { ...messageView(row), conversationId: conv.id },
  });
  return row;
}

export function assertStatus(conv: ConversationRow, allowed: string[], action: string) {
  if (!allowed.includes(conv.status)) {
    throw new DomainError('INVALID_TRANSITION', `cannot ${action} a conversation that is ${conv.status}`);
  }
}

/** Sets a conversation's status with a compare-and-set on the status it was read in. */
export async function updateStatus(tx: Tx, conv: ConversationRow, to: string, patch: Record<string, unknown> = {}) {
  const res = await tx.db
    .updateTable('conversations')
    .set({ ...patch, status: to, version: sql`version + 1`, updated_at: tx.now })
    .where('id', '=', conv.id)
    .where('version', '=', conv.version)
    .executeTakeFirst();
  if (res.numUpdatedRows !== 1n) throw new RetryTransaction(`conversation ${conv.id} changed underneath`);
}
