import { allowsFreeText, conversationTimers, documentTerms, hasMessagingWindow, messagingWindow } from '@switchboard/core';
import { sql } from 'kysely';
import { Batcher, firstPerKey } from '../db/batcher.ts';
import type { Database } from '../db/database.ts';
import { MESSAGE_COLUMNS, type ConversationRow, type MessageRow } from '../db/schema.ts';
import { anyOf, rowsOf } from '../db/unnest.ts';
import type { Deps } from '../platform/deps.ts';
import { initialDelivery, outboxIdFor } from '../channels/outbound.ts';
import { policyRoutingFrom } from '../policy/policy-settings.ts';
import { messageCreated } from './conversation-store.ts';

/**
 * An agent's plain reply in two statements and no explicit transaction, as
 * the customer's side has (inbound/inbound-direct.ts): one read of everything
 * the reply is checked against (the conversation, the agent, the channel's
 * messaging window, the workspace's timers and the conversation's activity),
 * then one write that compare-and-sets the conversation (its version, still
 * `processing`, still this agent's), numbers and stores the message, queues it
 * for the channel and stores the next R13 deadline. Both statements are shared
 * by the replies that arrive together.
 *
 * The conversation's row is locked for that one statement only, never across
 * round trips: a routing batch that closes or transfers it (under the
 * workspace's lock) waits for one statement at most. The transactional path
 * (agent-messages.ts) held it for seven.
 *
 * A write that lost its compare-and-set or found its row held is tried once
 * more: read again, and written alone, waiting for the row (it holds no
 * other). Anything else declines, and the transactional path does it with its own
 * checks and errors: attachments, a canned response to count, a conversation
 * not `processing` or another agent's, an inactive or unknown agent, a closed
 * messaging window, a second try that lost again.
 */

interface ReplyKey {
  workspaceId: string;
  conversationId: string;
  agentId: string;
}

interface ReplyState extends ConversationRow {
  agent_active: boolean | null;
  channel_type: string;
  routing_settings: Record<string, unknown>;
  last_customer: string | number | null;
  last_customer_on_channel: string | number | null;
}

interface ReplyWrite {
  conv: ReplyState;
  agentId: string;
  messageId: string;
  text: string;
  delivery: string;
  timerAt: number | null;
  now: number;
}

export interface DirectReply {
  text: string;
  attachments?: unknown[];
  cannedResponseId?: string;
}

const handles = new WeakMap<Database, { read: Batcher<ReplyKey, ReplyState | undefined>; write: Batcher<ReplyWrite, MessageRow | undefined> }>();

function batches(db: Database) {
  let b = handles.get(db);
  if (!b) {
    b = {
      read: new Batcher((keys) => readStates(db, keys), { maxBatch: 64, concurrency: 2 }),
      // One write batch at a time per process, as the inbound writes: rows are locked in id order.
      write: new Batcher((writes) => firstPerKey(writes, (w) => w.conv.id, (first) => writeReplies(db, first), (w, stored) => stored.get(w.conv.id)), {
        maxBatch: 64,
        concurrency: 1,
      }),
    };
    handles.set(db, b);
  }
  return b;
}

/** The stored reply, or undefined when the transactional path should take it. */
export async function replyDirect(deps: Deps, key: ReplyKey, body: DirectReply): Promise<MessageRow | undefined> {
  if ((body.attachments?.length ?? 0) > 0 || body.cannedResponseId) return undefined;
  const first = await attempt(deps, key, body, 'batch');
  // Lost the compare-and-set or found the row held: once more, read again and written alone, waiting for the row.
  return first === RETRY ? undefinedIfRetry(await attempt(deps, key, body, 'alone')) : first;
}

const RETRY = Symbol('retry');
const undefinedIfRetry = (r: MessageRow | undefined | typeof RETRY) => (r === RETRY ? undefined : r);

async function attempt(deps: Deps, key: ReplyKey, body: DirectReply, how: 'batch' | 'alone'): Promise<MessageRow | undefined | typeof RETRY> {
  const { read, write } = batches(deps.db);
  const conv = await read.submit(key);
  if (!conv || conv.agent_active !== true || conv.status !== 'processing' || conv.assignee_id !== key.agentId) return undefined;
  const now = deps.clock.now();
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  if (hasMessagingWindow(conv.channel_type) && !allowsFreeText(messagingWindow(conv.channel_type, num(conv.last_customer_on_channel), now), 'agent')) return undefined;
  // R13 as refreshConversationTimer reads it after the reply: this agent has replied, now.
  const [next] = conversationTimers(policyRoutingFrom(conv.routing_settings), {
    assignedAt: conv.assigned_at ?? null,
    agentRepliedAt: now,
    lastAgentMessageAt: now,
    lastCustomerMessageAt: num(conv.last_customer),
    idleReminderSentAt: conv.idle_reminder_at ?? null,
  });
  const reply: ReplyWrite = {
    conv,
    agentId: key.agentId,
    messageId: deps.ids.next('msg'),
    text: body.text,
    delivery: initialDelivery(conv.channel_type),
    timerAt: next?.dueAt ?? null,
    now,
  };
  const row = how === 'batch' ? await write.submit(reply) : (await writeReplies(deps.db, [reply], 'wait')).get(conv.id);
  if (!row) return RETRY;
  await deps.bus.publish([messageCreated(conv, row)]);
  return row;
}

async function readStates(db: Database, keys: ReplyKey[]): Promise<Array<PromiseSettledResult<ReplyState | undefined>>> {
  const k = rowsOf(keys.map((key, i) => ({ ...key, i })), 'k', [
    ['i', 'int4', (key) => key.i],
    ['workspace_id', 'text', (key) => key.workspaceId],
    ['conversation_id', 'text', (key) => key.conversationId],
    ['agent_id', 'text', (key) => key.agentId],
  ]);
  // The channel-wide last customer message is read only on channels with a
  // messaging window (a one-time filter: no scan elsewhere).
  const result = await sql<ReplyState & { batch_index: number }>`
    SELECT k.i AS batch_index, c.*, a.active AS agent_active, ch.type AS channel_type, w.routing_settings,
           act.last_customer, win.at AS last_customer_on_channel
    FROM ${k}
    JOIN conversations c ON c.id = k.conversation_id AND c.workspace_id = k.workspace_id
    JOIN channels ch ON ch.id = c.channel_id
    JOIN workspaces w ON w.id = c.workspace_id
    LEFT JOIN agents a ON a.id = k.agent_id AND a.workspace_id = k.workspace_id
    CROSS JOIN LATERAL (
      SELECT max(m.created_at) FILTER (WHERE m.sender = 'customer') AS last_customer FROM messages m WHERE m.conversation_id = c.id
    ) act
    CROSS JOIN LATERAL (
      SELECT max(m.created_at) AS at FROM messages m JOIN conversations oc ON oc.id = m.conversation_id
      WHERE ch.type = ANY(${['whatsapp', 'messenger', 'instagram']}::text[]) AND oc.contact_id = c.contact_id AND oc.channel_id = c.channel_id AND m.sender = 'customer'
    ) win`.execute(db);
  const found: Array<ReplyState | undefined> = keys.map(() => undefined);
  for (const { batch_index, ...row } of result.rows) found[batch_index] = row;
  return found.map((value) => ({ status: 'fulfilled', value }));
}

/**
 * One statement for the batch. Rows are locked in id order and a row another
 * transaction holds is skipped, not waited for (see inbound-batches.ts): its
 * reply is tried again alone with `wait`, which waits for that one row.
 */
async function writeReplies(db: Database, writes: ReplyWrite[], held: 'skip' | 'wait' = 'skip'): Promise<Map<string, MessageRow>> {
  const x = rowsOf(writes, 'x', [
    ['id', 'text', (w) => w.conv.id],
    ['version', 'int4', (w) => w.conv.version],
    ['agent_id', 'text', (w) => w.agentId],
    ['message_id', 'text', (w) => w.messageId],
    ['workspace_id', 'text', (w) => w.conv.workspace_id],
    ['channel_id', 'text', (w) => w.conv.channel_id],
    ['text', 'text', (w) => w.text],
    ['terms', 'jsonb', (w) => JSON.stringify(documentTerms(w.text))],
    ['delivery', 'text', (w) => w.delivery],
    ['outbox_id', 'text', (w) => outboxIdFor(w.messageId)],
    ['timer_at', 'int8', (w) => w.timerAt],
    ['now', 'int8', (w) => w.now],
  ]);
  const result = await sql<MessageRow>`
    WITH x AS (SELECT * FROM ${x}),
    locked AS (
      SELECT id FROM conversations WHERE id = ${anyOf(writes.map((w) => w.conv.id))} ORDER BY id FOR UPDATE ${sql.raw(held === 'skip' ? 'SKIP LOCKED' : '')}
    ),
    c AS (
      UPDATE conversations t SET message_count = t.message_count + 1, updated_at = x.now, timer_at = x.timer_at
      FROM x, locked
      WHERE t.id = locked.id AND t.id = x.id AND t.version = x.version AND t.status = 'processing' AND t.assignee_id = x.agent_id
      RETURNING t.id, t.message_count AS seq
    ),
    m AS (
      INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, attachments, external_id, delivery, created_at, platform_meta, search, private, mentions)
      SELECT x.message_id, x.workspace_id, x.channel_id, c.id, c.seq, 'agent', x.agent_id, x.text, '[]'::jsonb, NULL, x.delivery, x.now, '{}'::jsonb,
             array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(x.terms))), false, '[]'::jsonb
      FROM x JOIN c ON c.id = x.id
      RETURNING ${sql.raw(MESSAGE_COLUMNS)}
    ),
    o AS (
      INSERT INTO outbox (id, workspace_id, channel_id, conversation_id, message_id, seq, status, next_attempt_at, platform_message_id, last_error, response, created_at, updated_at)
      SELECT x.outbox_id, x.workspace_id, x.channel_id, c.id, x.message_id, c.seq, 'pending', x.now, NULL, NULL, NULL, x.now, x.now
      FROM x JOIN c ON c.id = x.id WHERE x.delivery = 'pending'
    )
    SELECT * FROM m`.execute(db);
  return new Map(result.rows.map((row) => [row.conversation_id, row]));
}
