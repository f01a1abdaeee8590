import type { ChannelRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import { BOT } from '../bot/bot-actions.ts';
import { botContextAt, type BotContext } from '../bot/bot-context.ts';
import { planMessage, planTakesRoutingLock, type BotPlan } from '../bot/plan.ts';
import { inactivityMs } from '../bot/settings.ts';
import { knowledgeSignals } from '../bot/knowledge-signals.ts';
import { botStateFrom } from '../bot/versions.ts';
import { initialDelivery, outboxIdFor } from '../channels/outbound.ts';
import { historyRow } from '../conversations/conversation-history.ts';
import { messageCreated } from '../conversations/conversation-store.ts';
import { inboundBatches, type ConversationWrite, type Known } from './inbound-batches.ts';
import type { InboundMessage, InboundResult } from './inbound-types.ts';
import { withTypedChoice } from './typed-choice.ts';

/** Why the direct path stepped aside: the transactional path takes over, knowing what was learnt. */
export interface Declined {
  declined: true;
  /** The plan takes the routing lock: the transactional attempt should take it first. */
  routes: boolean;
  /** The channel has never seen this contact (new-customers.ts may take it). */
  newContact?: boolean;
}

/**
 * The common inbound message in two statements and no explicit transaction:
 * a known contact writing into its open conversation, where the message is
 * only stored (R7) or answered by the bot. One read (identity, contact, open
 * conversation, bot state), the bot's plan made in memory, then one write that
 * compare-and-sets the conversation's version, numbers and stores the
 * messages, queues the answer for delivery, refreshes the inactivity deadline
 * and appends the history — all or nothing, as one statement is. Under load
 * both statements are shared by the requests that arrive together
 * (inbound-batches.ts).
 *
 * Everything else declines and is done by the transactional path
 * (inbound.ts): a new contact or conversation, a renamed contact, a script,
 * a handoff or a close, and a conversation that changed between the read and
 * the write. A repeated externalMessageId fails the write on the unique index,
 * so nothing of it is kept, and the caller answers with the first message.
 */
export async function receiveDirect(deps: Deps, channel: ChannelRow, received: InboundMessage): Promise<InboundResult | Declined> {
  const first = await attempt(deps, channel, received, 'batch');
  // A write that lost its compare-and-set (the conversation was just assigned) or found its row
  // held (a routing batch assigning or closing it) is tried once more: read again, and written
  // alone, waiting for the row (decision 0049). Still one statement holding one row.
  if (first !== RETRY) return first;
  const second = await attempt(deps, channel, received, 'alone');
  return second === RETRY ? decline(false) : second;
}

const RETRY = Symbol('retry');

async function attempt(deps: Deps, channel: ChannelRow, received: InboundMessage, how: 'batch' | 'alone'): Promise<InboundResult | Declined | typeof RETRY> {
  const batches = inboundBatches(deps.db);
  const known = await batches.read.submit({ channelId: channel.id, externalId: received.contact.externalId });
  if (!known) return { declined: true, routes: false, newContact: true };
  if (!known.id || (received.contact.name && received.contact.name !== known.contact_name)) return decline(false);
  const input = await withTypedChoice(deps.db, known, received);
  let context: Promise<BotContext> | undefined;
  const ctx = () => (context ??= botContextAt(deps, deps.db, channel, botStateFrom(known)));
  const plan = await planMessage(channel, known, input.text, ctx);
  const write = await planWrite(deps, channel, known, input, plan, ctx);
  if (!write) return decline(planTakesRoutingLock(plan));
  const rows = how === 'batch' ? await batches.write.submit(write) : await batches.writeAlone(write);
  if (!rows) return RETRY;
  knowledgeSignals(deps).note(known.workspace_id, known.id, plan, write.now);
  await deps.bus.publish(rows.map((row) => messageCreated(known, row)));
  return { conversationId: known.id, messageId: rows[0]!.id, status: known.status, created: false };
}

const decline = (routes: boolean): Declined => ({ declined: true, routes });

/** The plans this path carries out; any other returns undefined. */
async function planWrite(
  deps: Deps,
  channel: ChannelRow,
  conv: Known,
  input: InboundMessage,
  plan: BotPlan,
  ctx: () => Promise<BotContext>,
): Promise<ConversationWrite | undefined> {
  const now = deps.clock.now();
  const write: ConversationWrite = { conversationId: conv.id, version: conv.version, now, deadline: null, messages: [], outbox: [], history: [] };
  const message = { workspace_id: conv.workspace_id, channel_id: conv.channel_id, created_at: now };
  write.messages.push({
    ...message,
    n: 1,
    id: deps.ids.next('msg'),
    sender: 'customer',
    text: input.text,
    attachments: input.attachments ?? [],
    external_id: input.externalMessageId ?? null,
    delivery: null,
    ...(input.platformMeta && { platform_meta: input.platformMeta }),
  });
  const automated = conv.status === 'bot';
  if (plan.type === 'silent') {
    if (conv.status === 'script') return undefined;
    if (automated) write.deadline = now + inactivityMs((await ctx()).settings);
    return write;
  }
  if (plan.type !== 'reply' || plan.close || !automated) return undefined;
  if (plan.text) {
    const id = deps.ids.next('msg');
    const delivery = initialDelivery(channel.type);
    const attachments = plan.buttons?.length ? [{ type: 'quick_replies', buttons: plan.buttons }] : [];
    write.messages.push({ ...message, n: 2, id, sender: 'bot', text: plan.text, attachments, external_id: null, delivery });
    if (delivery === 'pending') write.outbox.push({ id: outboxIdFor(id), message_id: id, n: 2, workspace_id: conv.workspace_id, channel_id: conv.channel_id });
  }
  const { cause, ...data } = plan.decision;
  write.history.push(historyRow(now, conv.workspace_id, conv.id, 'bot_reply', cause, BOT, data));
  write.deadline = now + inactivityMs((await ctx()).settings);
  return write;
}
