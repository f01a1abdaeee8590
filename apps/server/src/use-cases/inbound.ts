import type { ChannelRow, ConversationRow } from '../db/schema.ts';
import { transact, type Deps } from '../deps.ts';
import { applyPlan } from '../bot/apply-plan.ts';
import { CUSTOMER } from '../bot/bot-actions.ts';
import { lazyBotContext } from '../bot/bot-context.ts';
import { planMessage, planNeedsRouting } from '../bot/plan.ts';
import { changedForBot } from '../bot/plan-scope.ts';
import { planScope } from '../bot/script-resume.ts';
import type { Tx } from '../tx.ts';
import { ensureContact } from './contacts.ts';
import { recordStatusChange } from './conversation-history.ts';
import { appendMessage, DuplicateMessage, findOpenConversation, lockConversation, RetryTransaction } from './conversation-store.ts';

export interface InboundMessage {
  contact: { externalId: string; name?: string };
  text: string;
  externalMessageId?: string;
  attachments?: unknown[];
}

export interface InboundResult {
  conversationId: string;
  messageId: string;
  status: string;
  created: boolean;
}

/**
 * Stores one customer message exactly once and lets it act: open a
 * conversation, let the bot or script answer, hand off, or leave the queue
 * (docs/bot.md, "Server"). A repeated
 * externalMessageId returns the first result and stores nothing.
 */
export async function receiveInbound(deps: Deps, channel: ChannelRow, input: InboundMessage): Promise<InboundResult> {
  const earlier = await findDuplicate(deps, channel.id, input.externalMessageId);
  if (earlier) return earlier;
  try {
    return await transact(deps, (tx) => ingest(deps, tx, channel, input));
  } catch (error) {
    // Two deliveries of one message raced: the loser returns the winner's result.
    const winner = error instanceof DuplicateMessage ? await findDuplicate(deps, channel.id, input.externalMessageId) : undefined;
    if (winner) return winner;
    throw error;
  }
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

async function ingest(deps: Deps, tx: Tx, channel: ChannelRow, input: InboundMessage): Promise<InboundResult> {
  const contactId = await ensureContact(deps, tx, channel.workspace_id, channel.id, input.contact);
  const seen = await findOpenConversation(tx, channel.id, contactId);
  const ctx = lazyBotContext(deps, tx, channel);
  // Decided before any lock: the bot's plan says whether this message routes.
  let plan = await planMessage(channel, seen, input.text, ctx);
  // Lock order is always workspace routing row first, then conversation rows; a
  // conversation that stays with the bot never takes the workspace lock.
  const routing = planNeedsRouting(plan) ? await deps.routing.begin(tx, channel.workspace_id) : null;
  const initial = plan.type === 'script' ? 'script' : 'bot';
  const conv = seen ? await lockConversation(tx, channel.workspace_id, seen.id) : await openConversation(deps, tx, channel, contactId, initial);
  if (seen && changedForBot(seen, conv)) {
    plan = await planMessage(channel, conv, input.text, ctx);
    if (planNeedsRouting(plan) && !routing) throw new RetryTransaction('conversation changed while reading');
  }
  const message = await appendMessage(tx, deps, conv, {
    sender: 'customer',
    text: input.text,
    externalId: input.externalMessageId,
    attachments: input.attachments,
  });
  const status = (await applyPlan(planScope(deps, { tx, routing, channel, ctx }), conv, plan)) ?? (await currentStatus(tx, conv.id));
  return { conversationId: conv.id, messageId: message.id, status, created: !seen };
}

async function currentStatus(tx: Tx, id: string) {
  const row = await tx.db.selectFrom('conversations').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  return row.status;
}

/** The partial unique index allows one open conversation per contact and channel; losing that race retries. */
async function openConversation(deps: Deps, tx: Tx, channel: ChannelRow, contactId: string, status: 'bot' | 'script'): Promise<ConversationRow> {
  const row = await tx.db
    .insertInto('conversations')
    .values({
      id: deps.ids.next('conv'),
      workspace_id: channel.workspace_id,
      channel_id: channel.id,
      contact_id: contactId,
      status,
      assignee_id: null,
      skills: JSON.stringify(channel.skills),
      priority: channel.priority,
      queue_key: null,
      handoff_at: null,
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
    .onConflict((oc) => oc.columns(['channel_id', 'contact_id']).where('status', '<>', 'completed').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new RetryTransaction('conversation opened concurrently');
  await recordStatusChange(tx, channel.workspace_id, row.id, null, status, 'customer_message', CUSTOMER);
  tx.emit({
    type: 'conversation.created',
    workspaceId: channel.workspace_id,
    conversationId: row.id,
    data: { id: row.id, channelId: row.channel_id, contactId: row.contact_id, status: row.status },
  });
  return row;
}
