import { CSAT_COMMENT_WINDOW_MS, CSAT_REPLY_WINDOW_MS, DomainError, parseCsatReply } from '@switchboard/core';
import { sql } from 'kysely';
import type { ChannelRow, ConversationRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { appendMessage, lockConversation } from '../conversations/conversation-store.ts';
import type { Actor } from '../platform/principal.ts';
import { getAgentTools, type CsatSettings } from './settings.ts';
import type { InboundMessage, InboundResult } from '../inbound/inbound-types.ts';

const SYSTEM: Actor = { actorType: 'system', actorId: null };
const CUSTOMER: Actor = { actorType: 'customer', actorId: null };
const HOUR = 3_600_000;
/** Platforms that refuse a business-initiated message 24 h after the customer's last one (WhatsApp, Messenger). */
const MESSAGING_WINDOW: Record<string, number> = { whatsapp: 24 * HOUR, messenger: 24 * HOUR };

/** The survey as each channel can show it: stars in the widget, a numbered prompt on messaging, a reply on mail. */
export function surveyText(channelType: string, s: CsatSettings): string {
  if (channelType === 'webchat') return s.message;
  if (channelType === 'email')
    return `${s.message}\n\nReply to this message with a number from 1 (very poor) to 5 (excellent). You may add a comment on the lines below it.`;
  return `${s.message}\nReply with a number:\n1 ★ Very poor\n2 ★★ Poor\n3 ★★★ OK\n4 ★★★★ Good\n5 ★★★★★ Excellent`;
}

/**
 * After an agent completes a conversation: asks the customer on its channel,
 * unless the platform would refuse the message (its messaging window has
 * closed), which the history then says. `conv` is the row as it is now (completed).
 */
/** After an agent's close, with the workspace's survey settings: asks the customer for a rating (or records why not). */
export async function askForRating(tx: Tx, deps: Pick<Deps, 'ids'>, conversationId: string, settings: CsatSettings) {
  if (!settings.enabled) return;
  const conv = await tx.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
  const channel = await tx.db.selectFrom('channels').select('type').where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
  const window = MESSAGING_WINDOW[channel.type];
  if (window !== undefined) {
    const last = await tx.db
      .selectFrom('messages')
      .select(sql<string | null>`max(created_at)`.as('at'))
      .where('conversation_id', '=', conv.id)
      .where('sender', '=', 'customer')
      .executeTakeFirstOrThrow();
    const lastAt = last.at === null ? null : Number(last.at);
    if (lastAt === null || tx.now - lastAt >= window) {
      await recordConversationEvent(tx, conv.workspace_id, conv.id, 'csat_skipped', 'messaging_window_closed', SYSTEM, {
        channelType: channel.type,
        lastCustomerMessageAt: lastAt === null ? null : new Date(lastAt).toISOString(),
        windowHours: window / HOUR,
      });
      return;
    }
  }
  const attachments = channel.type === 'webchat' ? [{ type: 'csat', scale: 5 }] : [];
  await appendMessage(tx, deps, conv, { sender: 'system', text: surveyText(channel.type, settings), attachments });
  await tx.db.updateTable('conversations').set({ csat_asked_at: tx.now }).where('id', '=', conv.id).execute();
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'csat_requested', 'agent_completed', SYSTEM, { channelType: channel.type });
}

/** A customer's message with no open conversation: is it the answer to a recent survey? The conversation it rates, if so. */
export async function surveyAwaitingReply(tx: Tx, channelId: string, contactId: string): Promise<ConversationRow | undefined> {
  const conv = await tx.db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('contact_id', '=', contactId)
    .where('csat_asked_at', 'is not', null)
    .where('status', '=', 'completed')
    .orderBy('csat_asked_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!conv) return undefined;
  if (conv.csat_rating === null || conv.csat_rating === undefined) return tx.now - conv.csat_asked_at! <= CSAT_REPLY_WINDOW_MS ? conv : undefined;
  const commentOpen = conv.csat_comment === null && tx.now - (conv.csat_rated_at ?? 0) <= CSAT_COMMENT_WINDOW_MS;
  return commentOpen ? conv : undefined;
}

/**
 * A customer's message with no open conversation (inbound.ts): when it
 * answers a survey sent within 24 h (a rating, or the comment that may follow
 * one), it is stored in the rated conversation and recorded there, and no new
 * conversation opens. Anything else returns null and opens one as usual.
 */
export async function answerSurvey(
  tx: Tx,
  deps: Pick<Deps, 'ids'>,
  channel: Pick<ChannelRow, 'id' | 'type'>,
  contactId: string,
  input: InboundMessage,
): Promise<InboundResult | null> {
  const conv = await surveyAwaitingReply(tx, channel.id, contactId);
  if (!conv) return null;
  const settings = (await getAgentTools(tx.db, conv.workspace_id)).csat;
  const unrated = conv.csat_rating === null || conv.csat_rating === undefined;
  const reply = unrated ? parseCsatReply(input.text, settings.replyMatching, channel.type === 'email') : null;
  if (unrated && !reply) return null;
  const message = await appendMessage(tx, deps, conv, {
    sender: 'customer',
    text: input.text,
    externalId: input.externalMessageId,
    attachments: input.attachments,
  });
  if (reply) await rate(tx, deps, conv, reply.rating, reply.comment, settings, CUSTOMER);
  else await recordComment(tx, conv, input.text);
  return { conversationId: conv.id, messageId: message.id, status: 'completed', created: false };
}

async function recordComment(tx: Tx, conv: ConversationRow, text: string) {
  await tx.db
    .updateTable('conversations')
    .set({ csat_comment: text.slice(0, 2000) })
    .where('id', '=', conv.id)
    .execute();
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'csat_commented', 'customer_reply', CUSTOMER, {});
  tx.emit(csatEvent(conv, conv.csat_rating!, text.slice(0, 2000), false));
}

async function rate(tx: Tx, deps: Pick<Deps, 'ids'>, conv: ConversationRow, rating: number, comment: string | null, s: CsatSettings, actor: Actor) {
  await tx.db.updateTable('conversations').set({ csat_rating: rating, csat_comment: comment, csat_rated_at: tx.now }).where('id', '=', conv.id).execute();
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'csat_rated', 'customer_reply', actor, { rating });
  tx.emit(csatEvent(conv, rating, comment, s.congratulate && rating >= 4));
  if (comment === null && s.thanksMessage.trim() !== '') await appendMessage(tx, deps, conv, { sender: 'system', text: s.thanksMessage });
}

/** To the agent who had it (supervisors see all): the rating, and a congratulation on a 4–5 when the workspace wants one. */
const csatEvent = (conv: ConversationRow, rating: number, comment: string | null, congratulate: boolean) => ({
  type: 'csat.recorded',
  workspaceId: conv.workspace_id,
  conversationId: conv.id,
  agentIds: conv.assignee_id ? [conv.assignee_id] : [],
  data: { conversationId: conv.id, rating, comment, agentId: conv.assignee_id, congratulate },
});

/** The widget's stars (POST /webchat/csat): the visitor's latest surveyed conversation, within 24 h, rated once. */
export async function rateFromWidget(deps: Deps, s: { channelId: string; contactId: string; workspaceId: string }, body: { rating: number; comment?: string }) {
  return transact(deps, async (tx) => {
    const found = await surveyAwaitingReply(tx, s.channelId, s.contactId);
    if (!found) throw new DomainError('INVALID_TRANSITION', 'there is no satisfaction survey waiting for an answer');
    const conv = await lockConversation(tx, s.workspaceId, found.id);
    const settings = (await getAgentTools(tx.db, conv.workspace_id)).csat;
    if (conv.csat_rating === null || conv.csat_rating === undefined) {
      await rate(tx, deps, conv, body.rating, body.comment?.trim() || null, { ...settings, thanksMessage: '' }, CUSTOMER);
    } else if (body.comment?.trim()) {
      await recordComment(tx, conv, body.comment.trim());
    } else {
      throw new DomainError('CONFLICT', 'this conversation is rated already');
    }
    return { conversationId: conv.id, rating: conv.csat_rating ?? body.rating };
  });
}

/** `csat: {rating, comment} | null` on a conversation item (SPEC §5). */
export const csatView = (c: Pick<ConversationRow, 'csat_rating' | 'csat_comment'>) =>
  c.csat_rating === null || c.csat_rating === undefined ? null : { rating: c.csat_rating, comment: c.csat_comment ?? null };
