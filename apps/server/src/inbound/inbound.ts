import type { ChannelRow, ConversationRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import { applyPlan } from '../bot/apply-plan.ts';
import { CUSTOMER } from '../bot/bot-actions.ts';
import { lazyBotContext } from '../bot/bot-context.ts';
import { planMessage, planTakesRoutingLock } from '../bot/plan.ts';
import { planScope } from '../bot/script-resume.ts';
import { RetryTransaction, type Tx } from '../platform/tx.ts';
import { ensureContact } from '../contacts/contacts.ts';
import { recordStatusChange } from '../conversations/conversation-history.ts';
import { appendMessage, conversationCreated, DuplicateMessage, findOpenConversation, insertOpenConversation } from '../conversations/conversation-store.ts';
import { receiveDirect } from './inbound-direct.ts';
import { receiveNewCustomer } from './new-customers.ts';
import type { InboundMessage, InboundResult } from './inbound-types.ts';
import { withTypedChoice } from './typed-choice.ts';
import { writePaths } from '../db/write-paths.ts';
import { answerSurvey } from '../agent-tools/csat.ts';
import { routePendingHandoff, type PendingHandoff } from '../routing/pending-handoffs.ts';

export type { InboundMessage, InboundResult };

/**
 * Stores one customer message exactly once and lets it act: open a
 * conversation, let the bot or script answer, hand off, or leave the queue
 * (docs/bot.md, "Server"). The common case — a known contact's message that
 * is only stored or answered by the bot — takes the direct path (two
 * statements, inbound-direct.ts); a new customer handed to the agents at once
 * is one statement shared with others arriving together (new-customers.ts);
 * the rest is one transaction here. A
 * repeated externalMessageId returns the first result and stores nothing.
 */
export function receiveInbound(deps: Deps, channel: ChannelRow, input: InboundMessage): Promise<InboundResult> {
  return orEarlier(deps, channel.id, input, async () => {
    const direct = await receiveDirect(deps, channel, input);
    if (!('declined' in direct)) {
      writePaths.inboundDirect++;
      return direct;
    }
    if (direct.newContact) {
      const fresh = await receiveNewCustomer(deps, channel, input);
      if (!('declined' in fresh)) {
        writePaths.inboundNewCustomer++;
        return fresh;
      }
    }
    writePaths.inboundTransactional++;
    return ingestInTransaction(deps, channel, input, direct.routes);
  });
}

/**
 * The transactional path alone (what the direct and new-customer paths decline; tests compare it with
 * them): `routeFirst` when the message is known to route, so the routing lock is taken first.
 */
export function receiveInTransaction(deps: Deps, channel: ChannelRow, input: InboundMessage, routeFirst = false): Promise<InboundResult> {
  return orEarlier(deps, channel.id, input, () => ingestInTransaction(deps, channel, input, routeFirst));
}

async function ingestInTransaction(deps: Deps, channel: ChannelRow, input: InboundMessage, routeFirst: boolean): Promise<InboundResult> {
  const attempt = { routeFirst };
  const pending: PendingHandoff[] = [];
  const result = await transact(deps, (tx) => {
    pending.length = 0; // an attempt run again starts over
    return ingest(deps, tx, channel, input, attempt, pending);
  });
  // A new customer's hand-off, committed pending: routed now with whatever else queues behind the lock.
  for (const h of pending) result.status = await routePendingHandoff(deps, h);
  return result;
}

/** A redelivery (the unique index on the message's external id) answers with the first message. */
async function orEarlier(deps: Deps, channelId: string, input: InboundMessage, work: () => Promise<InboundResult>): Promise<InboundResult> {
  // A redelivery is found by the unique index when it collides, not by a read
  // before every message: the common case pays nothing for the rare one.
  try {
    return await work();
  } catch (error) {
    const earlier = isDuplicate(error) ? await findDuplicate(deps, channelId, input.externalMessageId) : undefined;
    if (earlier) return earlier;
    throw error;
  }
}

/** The transactional path's DuplicateMessage, or the direct write failing on the inbound idempotency index. */
function isDuplicate(error: unknown): boolean {
  if (error instanceof DuplicateMessage) return true;
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && e.constraint === 'messages_external';
}

async function findDuplicate(deps: Deps, channelId: string, externalId: string | undefined): Promise<InboundResult | undefined> {
  if (!externalId) return undefined;
  const row = await deps.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.conversation_id', 'conversations.status'])
    .where('messages.channel_id', '=', channelId)
    .where('messages.external_id', '=', externalId)
    .executeTakeFirst();
  return row && { conversationId: row.conversation_id, messageId: row.id, status: row.status, created: false };
}

/**
 * Lock order is always the workspace routing row first, then conversation
 * rows. The open conversation is read and locked in one statement; in the
 * rare case its message turns out to route, the attempt is run again taking
 * the routing lock first (`routeFirst`). A conversation that stays with the
 * bot never takes the workspace lock.
 */
async function ingest(
  deps: Deps, tx: Tx, channel: ChannelRow, received: InboundMessage, attempt: { routeFirst: boolean }, pending: PendingHandoff[],
): Promise<InboundResult> {
  const routing = attempt.routeFirst ? await deps.routing.begin(tx, channel.workspace_id) : null;
  const contactId = await ensureContact(deps, tx, channel.workspace_id, channel.id, received.contact);
  const open = await findOpenConversation(tx, channel.id, contactId, true);
  const input = await withTypedChoice(tx.db, open, received);
  // A "5" (or its comment) after a satisfaction survey is recorded on the rated conversation; nothing new opens.
  const answered = open ? null : await answerSurvey(tx, deps, channel, contactId, input);
  if (answered) return answered;
  const ctx = lazyBotContext(deps, tx, channel);
  const plan = await planMessage(channel, open, input.text, ctx);
  if (planTakesRoutingLock(plan) && !routing && open) {
    attempt.routeFirst = true;
    throw new RetryTransaction('this message routes: take the routing lock first');
  }
  const initial = plan.type === 'script' ? 'script' : 'bot';
  const conv = open ?? (await openConversation(deps, tx, channel, contactId, initial));
  const message = await appendMessage(tx, deps, conv, {
    sender: 'customer',
    text: input.text,
    externalId: input.externalMessageId,
    attachments: input.attachments,
    platformMeta: input.platformMeta,
  });
  // A conversation created by this transaction is seen by nobody else yet, so
  // the routing lock may come after its writes: the lock is held for less time.
  // A hand-off does not take the lock at all, a new conversation's or one from
  // the bot (the engine knows neither yet): stored pending, it is routed after
  // COMMIT in the routing group commit (routing/pending-handoffs.ts).
  const beginRouting = open ? undefined : () => deps.routing.begin(tx, channel.workspace_id);
  const defers = !routing && (!open || plan.type === 'route');
  const deferRouting = defers ? { defer: (h: PendingHandoff) => void pending.push(h), begin: beginRouting ?? lockAfterRow } : undefined;
  const scope = planScope(deps, { tx, routing, beginRouting, deferRouting, channel, ctx });
  const status = (await applyPlan(scope, conv, plan)) ?? (pending.length > 0 ? 'waiting' : await currentStatus(tx, conv.id));
  return { conversationId: conv.id, messageId: message.id, status, created: !open };
}

/** A deferred hand-off of a conversation already locked never begins routing itself: that would take the locks out of order. */
const lockAfterRow = () => Promise.reject(new Error('the routing lock after a conversation row (lock order)'));

async function currentStatus(tx: Tx, id: string) {
  const row = await tx.db.selectFrom('conversations').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  return row.status;
}

async function openConversation(deps: Deps, tx: Tx, channel: ChannelRow, contactId: string, status: 'bot' | 'script'): Promise<ConversationRow> {
  const row = await insertOpenConversation(tx, deps, channel, contactId, { status, assignee_id: null, queue_key: null, handoff_at: null });
  await recordStatusChange(tx, channel.workspace_id, row.id, null, status, 'customer_message', CUSTOMER);
  tx.emit(conversationCreated(row));
  return row;
}
