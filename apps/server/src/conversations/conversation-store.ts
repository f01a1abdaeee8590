import { documentTerms, DomainError, notFound } from '@switchboard/core';
import { sql } from 'kysely';
import { MESSAGE_COLUMNS, type ChannelRow, type ConversationRow, type MessageRow } from '../db/schema.ts';
import { enqueueOutbound } from '../channels/outbound.ts';
import type { Deps } from '../platform/deps.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import { RetryTransaction, type Tx } from '../platform/tx.ts';
import { messageView } from './serialize.ts';

/**
 * The predicate of the one-open-conversation index, as a literal: ON CONFLICT
 * can only pick a partial index whose predicate it can prove, and a bound
 * parameter in a prepared (generic) plan proves nothing.
 */
export const OPEN = sql<boolean>`status <> 'completed'`;

/**
 * Inserts a new open conversation on the channel for the contact, with the
 * channel's skills and priority. Losing a race runs the unit of work again:
 * another request opened one first (the one-open-conversation index), or a
 * merge deleted the contact after its identity was read (the foreign key; the
 * identity now leads to the merged contact).
 */
export async function insertOpenConversation(
  tx: Tx,
  deps: Pick<Deps, 'ids'>,
  channel: Pick<ChannelRow, 'id' | 'workspace_id' | 'skills' | 'priority'>,
  contactId: string,
  start: Pick<ConversationRow, 'status' | 'assignee_id' | 'queue_key' | 'handoff_at'>,
): Promise<ConversationRow> {
  let row: ConversationRow | undefined;
  try {
    row = await tx.db
      .insertInto('conversations')
      .values({
        ...start,
        id: deps.ids.next('conv'),
        workspace_id: channel.workspace_id,
        channel_id: channel.id,
        contact_id: contactId,
        skills: JSON.stringify(channel.skills),
        priority: channel.priority,
        offer_agent_id: null,
        offer_expires_at: null,
        declined_by: '[]',
        bot_deadline: null,
        script_state: null,
        close_reason: null,
        created_at: tx.now,
        updated_at: tx.now,
        closed_at: null,
      })
      .onConflict((oc) => oc.columns(['channel_id', 'contact_id']).where(OPEN).doNothing())
      .returningAll()
      .executeTakeFirst();
  } catch (error) {
    const e = error as { code?: string; constraint?: string };
    if (e.code === '23503' && e.constraint === 'conversations_contact_id_fkey') throw new RetryTransaction('contact merged concurrently');
    throw error;
  }
  if (!row) throw new RetryTransaction('conversation opened concurrently');
  return row;
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

export async function findOpenConversation(tx: Tx, channelId: string, contactId: string, lock = false) {
  const query = tx.db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('contact_id', '=', contactId)
    .where('status', '<>', 'completed');
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

export interface NewMessage {
  sender: 'customer' | 'agent' | 'bot' | 'system';
  text: string;
  agentId?: string | null;
  externalId?: string | null;
  attachments?: unknown[];
  delivery?: string | null;
  platformMeta?: Record<string, unknown>;
  /** An internal note (agent tools): staff only, never queued for the customer's channel. */
  private?: boolean;
  mentions?: string[];
}

export class DuplicateMessage extends Error {}

/** Appends a message at the next sequence number of its conversation; a repeated external id throws DuplicateMessage. */
export async function appendMessage(tx: Tx, deps: Pick<Deps, 'ids'>, conv: ConversationRow, m: NewMessage) {
  // One round trip: take the next number and insert. The counter update holds
  // the row lock until COMMIT, so numbers are handed out one at a time.
  const inserted = await sql<MessageRow>`
    WITH counter AS (
      UPDATE conversations SET message_count = message_count + 1, updated_at = ${tx.now}::int8
      WHERE id = ${conv.id} RETURNING message_count
    )
    INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, attachments, external_id, delivery, created_at, platform_meta, search, private, mentions)
    SELECT ${deps.ids.next('msg')}::text, ${conv.workspace_id}::text, ${conv.channel_id}::text, ${conv.id}::text, counter.message_count,
           ${m.sender}::text, ${m.agentId ?? null}::text, ${m.text}::text, ${JSON.stringify(m.attachments ?? [])}::jsonb,
           ${m.externalId ?? null}::text, ${m.delivery ?? null}::text, ${tx.now}::int8,
           ${JSON.stringify(m.platformMeta ?? {})}::jsonb, array_to_tsvector(${documentTerms(m.text)}::text[]),
           ${m.private === true}::boolean, ${JSON.stringify(m.mentions ?? [])}::jsonb
    FROM counter
    ON CONFLICT (channel_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
    RETURNING ${sql.raw(MESSAGE_COLUMNS)}`.execute(tx.db);
  const row = inserted.rows[0];
  if (!row) throw new DuplicateMessage();
  // System messages (waiting, off-hours, idle reminder: policy/) reach the customer's channel too.
  // An internal note never reaches the customer's channel (nor, see messageCreated, the visitor's socket).
  if (row.sender !== 'customer' && !row.private) await enqueueOutbound(tx, conv, row);
  tx.emit(messageCreated(conv, row));
  return row;
}

/** The stream event of a conversation just opened. */
export function conversationCreated(row: Pick<ConversationRow, 'id' | 'workspace_id' | 'channel_id' | 'contact_id' | 'status'>): StreamEvent {
  return {
    type: 'conversation.created',
    workspaceId: row.workspace_id,
    conversationId: row.id,
    data: { id: row.id, channelId: row.channel_id, contactId: row.contact_id, status: row.status },
  };
}

/** The stream event of a stored message: agents see it only for a conversation they hold. */
export function messageCreated(conv: Pick<ConversationRow, 'id' | 'workspace_id' | 'status' | 'assignee_id'>, row: MessageRow): StreamEvent {
  if (row.private) return privateNoteCreated(conv, row);
  return {
    type: 'message.created',
    workspaceId: conv.workspace_id,
    conversationId: conv.id,
    agentIds: conv.status === 'processing' && conv.assignee_id ? [conv.assignee_id] : undefined,
    data: { ...messageView(row), conversationId: conv.id },
  };
}

/**
 * An internal note's event: no top-level conversationId, so no visitor
 * socket (room index, stream-log replay) ever receives it; the assignee,
 * the author and the agents it mentions see it, supervisors see all.
 */
function privateNoteCreated(conv: Pick<ConversationRow, 'id' | 'workspace_id' | 'assignee_id'>, row: MessageRow): StreamEvent {
  const agentIds = [...new Set([conv.assignee_id, row.agent_id, ...row.mentions].filter((id): id is string => typeof id === 'string'))];
  return { type: 'message.created', workspaceId: conv.workspace_id, agentIds, data: { ...messageView(row), conversationId: conv.id } };
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
