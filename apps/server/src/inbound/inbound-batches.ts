import { documentTerms } from '@switchboard/core';
import { sql } from 'kysely';
import { Batcher, firstPerKey } from '../db/batcher.ts';
import type { Database } from '../db/database.ts';
import { MESSAGE_COLUMNS, type ConversationRow, type MessageRow, type NewConversationEvent } from '../db/schema.ts';

/** What the direct path reads of a known contact: its open conversation (if any) and its workspace's bot state. */
export interface Known extends ConversationRow {
  identity_contact_id: string;
  contact_name: string | null;
  bot_settings: Record<string, unknown> | null;
  rules_version: number | null;
  kb_version: number | null;
}

export interface KnownKey {
  channelId: string;
  externalId: string;
}

export interface NewMessageRow {
  n: number;
  id: string;
  workspace_id: string;
  channel_id: string;
  sender: 'customer' | 'bot';
  text: string;
  attachments: unknown[];
  external_id: string | null;
  delivery: string | null;
  created_at: number;
  platform_meta?: Record<string, unknown>;
}

/** One conversation's share of a write: compare-and-set on `version`, then its messages numbered from the counter. */
export interface ConversationWrite {
  conversationId: string;
  version: number;
  now: number;
  deadline: number | null;
  messages: NewMessageRow[];
  outbox: Array<{ id: string; message_id: string; n: number; workspace_id: string; channel_id: string }>;
  history: NewConversationEvent[];
}

const MAX_BATCH = 64;

/**
 * The direct path's two statements, each grouped across concurrent requests
 * (db/batcher.ts). One per database handle, like the bot's caches.
 */
export interface InboundBatches {
  read: Batcher<KnownKey, Known | undefined>;
  /** Resolves to the stored messages in order, or undefined when the conversation's version had moved. */
  write: Batcher<ConversationWrite, MessageRow[] | undefined>;
  /** One write by itself that waits for its row (the second try of one the batch skipped): it holds no other row meanwhile. */
  writeAlone: (write: ConversationWrite) => Promise<MessageRow[] | undefined>;
}

const handles = new WeakMap<Database, InboundBatches>();

export function inboundBatches(db: Database): InboundBatches {
  let batches = handles.get(db);
  if (!batches) {
    batches = {
      read: new Batcher((keys) => settle(readKnown(db, keys)), { maxBatch: MAX_BATCH, concurrency: 2 }),
      // One write batch at a time per process: two batches of one process can never lock rows in opposite orders.
      write: new Batcher((writes) => writeBatch(db, writes), { maxBatch: MAX_BATCH, concurrency: 1 }),
      writeAlone: async (write) => storedFor(write, await store(db, [write], 'wait')),
    };
    handles.set(db, batches);
  }
  return batches;
}

async function settle<O>(work: Promise<O[]>): Promise<Array<PromiseSettledResult<O>>> {
  return (await work).map((value) => ({ status: 'fulfilled', value }));
}

async function readKnown(db: Database, keys: KnownKey[]): Promise<Array<Known | undefined>> {
  const input = JSON.stringify(keys.map((k, i) => ({ i, channel_id: k.channelId, external_id: k.externalId })));
  // LATERAL … LIMIT 1 keeps the plan an index probe per key whatever the
  // planner guesses of the batch's size (it would rather hash whole tables).
  const result = await sql<Known & { batch_index: number }>`
    SELECT k.i AS batch_index, r.*
    FROM jsonb_to_recordset(${input}::jsonb) AS k(i int4, channel_id text, external_id text),
    LATERAL (
      SELECT c.*, ci.contact_id AS identity_contact_id, ct.name AS contact_name, w.bot_settings, bv.rules_version, bv.kb_version
      FROM contact_identities ci
      JOIN contacts ct ON ct.id = ci.contact_id
      JOIN workspaces w ON w.id = ci.workspace_id
      LEFT JOIN bot_versions bv ON bv.workspace_id = ci.workspace_id
      LEFT JOIN conversations c ON c.channel_id = ci.channel_id AND c.contact_id = ci.contact_id AND c.status <> 'completed'
      WHERE ci.channel_id = k.channel_id AND ci.external_id = k.external_id
      LIMIT 1
    ) r`.execute(db);
  const found: Array<Known | undefined> = keys.map(() => undefined);
  for (const { batch_index, ...row } of result.rows) found[batch_index] = row;
  return found;
}

/** Each conversation once per statement; a batch that fails as a whole runs again one write at a time (db/batcher.ts). */
function writeBatch(db: Database, writes: ConversationWrite[]): Promise<Array<PromiseSettledResult<MessageRow[] | undefined>>> {
  return firstPerKey(writes, (w) => w.conversationId, (batch) => store(db, batch), storedFor);
}

/** All of a write's messages, or undefined when its compare-and-set matched nothing. */
function storedFor(write: ConversationWrite, stored: Map<string, MessageRow[]>): MessageRow[] | undefined {
  const rows = stored.get(write.conversationId);
  return rows && rows.length === write.messages.length ? rows : undefined;
}

/**
 * One statement for the whole batch. The UPDATE is each conversation's
 * compare-and-set and row lock: a conversation whose version moved since it
 * was read matches nothing, and neither do the inserts joined to it. Message
 * numbers come from the counter it returns, so two messages of one
 * conversation never share a number.
 */
async function store(db: Database, writes: ConversationWrite[], held: 'skip' | 'wait' = 'skip'): Promise<Map<string, MessageRow[]>> {
  const convs = writes.map((w) => ({ id: w.conversationId, version: w.version, count: w.messages.length, deadline: w.deadline, now: w.now }));
  const messages = writes.flatMap((w) => w.messages.map((m) => ({ ...m, conversation_id: w.conversationId, terms: documentTerms(m.text) })));
  const outbox = writes.flatMap((w) => w.outbox.map((o) => ({ ...o, conversation_id: w.conversationId, now: w.now })));
  const history = writes.flatMap((w) => w.history);
  const result = await sql<MessageRow>`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(convs)}::jsonb) AS x(id text, version int4, count int4, deadline int8, now int8)
    ),
    -- Rows locked in id order, as every statement that locks several
    -- conversations does (routing too): two of them cannot deadlock.
    -- = ANY(ids) makes it an index probe per conversation, not a hash join over the table.
    -- A row another transaction holds (a routing batch assigning or closing it,
    -- an agent's reply) is skipped, not waited for: waiting would hold every
    -- row locked before it, and the routing batch that needs one of those waits
    -- under the workspace lock in turn. The skipped write declines, and the
    -- transactional path waits for that one row alone.
    locked AS (
      SELECT id FROM conversations WHERE id = ANY(${writes.map((w) => w.conversationId)}::text[]) ORDER BY id FOR UPDATE ${sql.raw(held === 'skip' ? 'SKIP LOCKED' : '')}
    ),
    c AS (
      UPDATE conversations t
      SET message_count = t.message_count + x.count, updated_at = x.now, bot_deadline = COALESCE(x.deadline, t.bot_deadline)
      FROM x, locked WHERE t.id = locked.id AND t.id = x.id AND t.version = x.version
      RETURNING t.id, t.message_count - x.count AS base
    ),
    m AS (
      INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, attachments, external_id, delivery, created_at, platform_meta, search)
      SELECT v.id, v.workspace_id, v.channel_id, c.id, c.base + v.n, v.sender, NULL, v.text, v.attachments, v.external_id, v.delivery, v.created_at,
             COALESCE(v.platform_meta, '{}'::jsonb), array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(v.terms)))
      FROM jsonb_to_recordset(${JSON.stringify(messages)}::jsonb)
        AS v(conversation_id text, n int4, id text, workspace_id text, channel_id text, sender text, text text, attachments jsonb, external_id text, delivery text, created_at int8, platform_meta jsonb, terms jsonb)
      JOIN c ON c.id = v.conversation_id
      RETURNING ${sql.raw(MESSAGE_COLUMNS)}
    ),
    o AS (
      INSERT INTO outbox (id, workspace_id, channel_id, conversation_id, message_id, seq, status, next_attempt_at, platform_message_id, last_error, response, created_at, updated_at)
      SELECT v.id, v.workspace_id, v.channel_id, c.id, v.message_id, c.base + v.n, 'pending', v.now, NULL, NULL, NULL, v.now, v.now
      FROM jsonb_to_recordset(${JSON.stringify(outbox)}::jsonb)
        AS v(conversation_id text, id text, message_id text, n int4, workspace_id text, channel_id text, now int8)
      JOIN c ON c.id = v.conversation_id
    ),
    h AS (
      INSERT INTO conversation_events (workspace_id, conversation_id, at, type, from_status, to_status, cause, actor_type, actor_id, data)
      SELECT e.workspace_id, e.conversation_id, e.at, e.type, e.from_status, e.to_status, e.cause, e.actor_type, e.actor_id, e.data::jsonb
      FROM jsonb_to_recordset(${JSON.stringify(history)}::jsonb)
        AS e(workspace_id text, conversation_id text, at int8, type text, from_status text, to_status text, cause text, actor_type text, actor_id text, data text)
      JOIN c ON c.id = e.conversation_id
    )
    SELECT * FROM m ORDER BY conversation_id, seq`.execute(db);
  const byConversation = new Map<string, MessageRow[]>();
  for (const row of result.rows) {
    const list = byConversation.get(row.conversation_id);
    if (list) list.push(row);
    else byConversation.set(row.conversation_id, [row]);
  }
  return byConversation;
}
