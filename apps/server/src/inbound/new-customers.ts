import { documentTerms } from '@switchboard/core';
import { sql } from 'kysely';
import { Batcher, eachAlone } from '../db/batcher.ts';
import type { Database } from '../db/database.ts';
import { MESSAGE_COLUMNS, type ChannelRow, type MessageRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import { CUSTOMER } from '../bot/bot-actions.ts';
import { planMessage } from '../bot/plan.ts';
import { historyRow, statusChanged } from '../conversations/conversation-history.ts';
import { conversationCreated, messageCreated } from '../conversations/conversation-store.ts';
import { intakeOf, loadHandoffPolicies, type HandoffPolicy } from '../policy/handoff-policy.ts';
import type { TtlCache } from '../platform/ttl-cache.ts';
import { ROUTE_PENDING_MS, routePendingHandoff, type PendingHandoff } from '../routing/pending-handoffs.ts';
import type { Declined } from './inbound-direct.ts';
import type { InboundMessage, InboundResult } from './inbound-types.ts';

/** A new customer's first message that is handed to the agents at once, as the batch stores it. */
interface Arrival {
  channel: ChannelRow;
  input: InboundMessage;
  /** Why it is handed off (the plan's cause: a channel without a bot, or the hand-off words). */
  cause: string;
  now: number;
  contactId: string;
  conversationId: string;
  messageId: string;
}

interface Stored {
  message: MessageRow;
  pending: PendingHandoff;
}

interface Planned {
  arrival: Arrival;
  pending: PendingHandoff;
}

const MAX_BATCH = 64;
const handles = new WeakMap<Database, Batcher<Arrival, Stored | undefined>>();

function arrivals({ db, policies }: Deps) {
  let batcher = handles.get(db);
  // One batch at a time per process, its rows inserted in key order: two batches cannot deadlock on the unique indexes.
  if (!batcher) handles.set(db, (batcher = new Batcher((items) => storeBatch(db, policies, items), { maxBatch: MAX_BATCH, concurrency: 1 })));
  return batcher;
}

/** The plan of a first message asks for a bot or a script: the transactional path makes it. */
class NeedsBot extends Error {}
const noBot = () => Promise.reject(new NeedsBot());

/**
 * A message from someone the channel has never seen, that hands off at once
 * (a channel without a bot, or the hand-off words): the contact, its
 * identity, the conversation (`waiting`, hand-off pending), the message and
 * the history are one statement shared by the new customers arriving together,
 * instead of a transaction of a dozen statements each (SPEC §6; decision
 * 0034-new-customers-in-one-statement). The hand-off then joins the routing
 * group commit, exactly as the transactional path's does (pending-handoffs.ts).
 *
 * What the rows and events come to is the transactional path's (inbound.ts:
 * opened `bot` by the customer's message, then handed off), tested side by
 * side. Everything else declines and nothing of it is written: a plan that
 * needs the bot or a script, a channel closed to new customers out of hours,
 * or an identity another request created meanwhile. A message id already stored
 * fails the statement on the unique index: the batch runs again one arrival at
 * a time and that one answers as a redelivery.
 */
export async function receiveNewCustomer(deps: Deps, channel: ChannelRow, input: InboundMessage): Promise<InboundResult | Declined> {
  let cause: string;
  try {
    const plan = await planMessage(channel, undefined, input.text, noBot);
    if (plan.type !== 'route' || plan.reply || plan.skills || plan.priority !== undefined) return decline();
    cause = plan.decision.cause;
  } catch (error) {
    if (error instanceof NeedsBot) return decline();
    throw error;
  }
  const contactId = deps.ids.next('ct');
  const stored = await arrivals(deps).submit({
    channel,
    input,
    cause,
    now: deps.clock.now(),
    contactId,
    conversationId: deps.ids.next('conv'),
    messageId: deps.ids.next('msg'),
  });
  if (!stored) return decline();
  const { message, pending } = stored;
  // The transactional path's events, in its order: opened by the customer's message, then handed off.
  const opened = { id: pending.conversationId, workspace_id: channel.workspace_id, channel_id: channel.id, contact_id: contactId, status: 'bot', assignee_id: null };
  await deps.bus.publish([
    statusChanged(channel.workspace_id, opened.id, null, 'bot', 'customer_message'),
    conversationCreated(opened),
    messageCreated(opened, message),
    statusChanged(channel.workspace_id, opened.id, 'bot', 'waiting', cause),
  ]);
  const status = await routePendingHandoff(deps, pending);
  return { conversationId: opened.id, messageId: message.id, status, created: true };
}

const decline = (): Declined => ({ declined: true, routes: false });

/** R2's queue key, as the hand-off fixes it: hand-off time − base priority in seconds. */
const queueKeyOf = (a: Arrival) => a.now - a.channel.priority * 1000;

/**
 * Reads the batch's channel policies (one statement), leaves out the arrivals a
 * closed channel turns away, and stores the rest (one statement). A batch that
 * fails as a whole runs again one arrival at a time, so each gets its own answer.
 */
async function storeBatch(db: Database, cache: TtlCache<HandoffPolicy>, items: Arrival[]): Promise<Array<PromiseSettledResult<Stored | undefined>>> {
  const policies = await loadHandoffPolicies(db, [...new Set(items.map((a) => a.channel.id))], cache, items[0]!.now);
  const seen = new Set<string>();
  const planned = items.map((a): Planned | undefined => {
    const policy = policies.get(a.channel.id);
    const intake = policy && intakeOf(policy, a.now);
    // The same new customer twice in one batch: the second is no longer new, the transactional path takes it.
    const key = `${a.channel.id}\u0000${a.input.contact.externalId}`;
    const first = !seen.has(key) && Boolean(seen.add(key));
    if (!policy || !intake || intake.action !== 'queue' || !first) return undefined;
    const pending: PendingHandoff = {
      workspaceId: a.channel.workspace_id,
      conversationId: a.conversationId,
      handed: { id: a.conversationId, skills: a.channel.skills, queueKey: queueKeyOf(a), lastAgentId: null, relaxation: policy.relaxation },
      policy,
      intake,
      actor: CUSTOMER,
    };
    return { arrival: a, pending };
  });
  const batch = planned.filter((p): p is Planned => p !== undefined);
  const answer = (stored: Map<string, MessageRow>) =>
    planned.map((p): PromiseSettledResult<Stored | undefined> => {
      const message = p && stored.get(p.arrival.conversationId);
      return { status: 'fulfilled', value: p && message ? { message, pending: p.pending } : undefined };
    });
  if (batch.length === 0) return answer(new Map());
  try {
    return answer(await insertAll(db, batch.map((b) => b.arrival)));
  } catch (error) {
    if (batch.length === 1) return planned.map((p) => (p ? { status: 'rejected', reason: error } : { status: 'fulfilled', value: undefined }));
    return eachAlone(planned, async (p) => {
      if (!p) return undefined;
      const message = (await insertAll(db, [p.arrival])).get(p.arrival.conversationId);
      return message && { message, pending: p.pending };
    });
  }
}

/**
 * One statement for a batch of new customers. The identity is inserted first
 * and everything else joins to it: an identity another request created
 * meanwhile (ON CONFLICT DO NOTHING) leaves that arrival with nothing written.
 * The conversation is stored as the transactional path leaves it after its
 * two status changes (version 1, one message, hand-off pending); the history
 * has both changes. Returns the stored message of each conversation.
 */
async function insertAll(db: Database, items: Arrival[]): Promise<Map<string, MessageRow>> {
  const rows = items.map((a) => ({
    workspace_id: a.channel.workspace_id,
    channel_id: a.channel.id,
    external_id: a.input.contact.externalId,
    name: a.input.contact.name ?? null,
    contact_id: a.contactId,
    conversation_id: a.conversationId,
    message_id: a.messageId,
    skills: a.channel.skills,
    priority: a.channel.priority,
    queue_key: queueKeyOf(a),
    route_pending_at: a.now + ROUTE_PENDING_MS,
    now: a.now,
    text: a.input.text,
    attachments: a.input.attachments ?? [],
    message_external_id: a.input.externalMessageId ?? null,
    platform_meta: a.input.platformMeta ?? {},
    terms: documentTerms(a.input.text),
  }));
  const history = items.flatMap((a) => [
    historyRow(a.now, a.channel.workspace_id, a.conversationId, 'status_changed', 'customer_message', CUSTOMER, {}, { from: null, to: 'bot' }),
    historyRow(a.now, a.channel.workspace_id, a.conversationId, 'status_changed', a.cause, CUSTOMER, {}, { from: 'bot', to: 'waiting' }),
  ].map((row) => ({ ...row, contact_id: a.contactId })));
  const ordered = history.map((row, ord) => ({ ...row, ord }));
  const result = await sql<MessageRow>`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        workspace_id text, channel_id text, external_id text, name text, contact_id text, conversation_id text, message_id text,
        skills jsonb, priority int4, queue_key int8, route_pending_at int8, now int8, text text, attachments jsonb,
        message_external_id text, platform_meta jsonb, terms jsonb)
    ),
    ident AS (
      INSERT INTO contact_identities (workspace_id, channel_id, external_id, contact_id)
      SELECT workspace_id, channel_id, external_id, contact_id FROM x ORDER BY channel_id, external_id
      ON CONFLICT (channel_id, external_id) DO NOTHING
      RETURNING contact_id
    ),
    new AS (SELECT x.* FROM x JOIN ident ON ident.contact_id = x.contact_id),
    ct AS (
      INSERT INTO contacts (id, workspace_id, name, attributes, last_agent_id)
      SELECT contact_id, workspace_id, name, '{}'::jsonb, NULL FROM new
    ),
    cv AS (
      INSERT INTO conversations (id, workspace_id, channel_id, contact_id, status, assignee_id, skills, priority, queue_key, handoff_at,
        route_pending_at, offer_agent_id, offer_expires_at, declined_by, bot_deadline, script_state, close_reason, message_count, version,
        created_at, updated_at, closed_at)
      SELECT conversation_id, workspace_id, channel_id, contact_id, 'waiting', NULL, skills, priority, queue_key, now,
        route_pending_at, NULL, NULL, '[]'::jsonb, NULL, NULL, NULL, 1, 1, now, now, NULL
      FROM new ORDER BY conversation_id
    ),
    h AS (
      INSERT INTO conversation_events (workspace_id, conversation_id, at, type, from_status, to_status, cause, actor_type, actor_id, data)
      SELECT e.workspace_id, e.conversation_id, e.at, e.type, e.from_status, e.to_status, e.cause, e.actor_type, e.actor_id, e.data::jsonb
      FROM jsonb_to_recordset(${JSON.stringify(ordered)}::jsonb)
        AS e(workspace_id text, conversation_id text, at int8, type text, from_status text, to_status text, cause text, actor_type text, actor_id text, data text, contact_id text, ord int4)
      JOIN ident ON ident.contact_id = e.contact_id
      ORDER BY e.ord
    )
    INSERT INTO messages (id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, attachments, external_id, delivery, created_at, platform_meta, search, private, mentions)
    SELECT message_id, workspace_id, channel_id, conversation_id, 1, 'customer', NULL, text, attachments, message_external_id, NULL, now,
      platform_meta, array_to_tsvector(ARRAY(SELECT jsonb_array_elements_text(terms))), false, '[]'::jsonb
    FROM new ORDER BY conversation_id
    RETURNING ${sql.raw(MESSAGE_COLUMNS)}`.execute(db);
  return new Map(result.rows.map((m) => [m.conversation_id, m]));
}
