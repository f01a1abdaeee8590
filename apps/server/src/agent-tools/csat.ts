import { CSAT_COMMENT_WINDOW_MS, CSAT_REPLY_WINDOW_MS, DomainError, notFound, parseCsatReply } from '@switchboard/core';
import { sql } from 'kysely';
import { anyOf } from '../db/unnest.ts';
import type { ChannelRow, ConversationRow, MessageRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { appendMessage, lockConversation } from '../conversations/conversation-store.ts';
import { appendSystemMessages } from '../conversations/system-messages.ts';
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
 * After agents complete conversations (one, or a routing batch's closes:
 * routing/bulk-close.ts): asks each customer on its channel, unless the
 * platform would refuse the message (its messaging window has closed), which
 * the history then says. A fixed number of statements however many: one read
 * of the conversations as they are now (completed) with their channel and,
 * where a window applies, the customer's last message; the surveys in one
 * insert (conversations/system-messages.ts) and their outbox rows in one more;
 * one update of `csat_asked_at`. Answers the surveys sent, by conversation.
 */
export async function askForRatings(tx: Tx, deps: Pick<Deps, 'ids'>, conversationIds: string[], settings: CsatSettings): Promise<Map<string, MessageRow>> {
  const sent = new Map<string, MessageRow>();
  if (!settings.enabled || conversationIds.length === 0) return sent;
  const windowed = Object.keys(MESSAGING_WINDOW);
  const { rows } = await sql<ConversationRow & { channel_type: string; last_customer_at: string | null }>`
    SELECT c.*, ch.type AS channel_type,
      CASE WHEN ch.type = ANY(${windowed}::text[]) THEN (SELECT max(m.created_at) FROM messages AS m WHERE m.conversation_id = c.id AND m.sender = 'customer') END AS last_customer_at
    FROM conversations AS c JOIN channels AS ch ON ch.id = c.channel_id
    WHERE c.id = ${anyOf(conversationIds)}`.execute(tx.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const asked: Array<{ conv: ConversationRow; text: string; attachments: unknown[] }> = [];
  for (const id of conversationIds) {
    const row = byId.get(id);
    if (!row) throw notFound('conversation', id);
    const { channel_type: type, last_customer_at: last, ...conv } = row;
    const window = MESSAGING_WINDOW[type];
    const lastAt = last === null ? null : Number(last);
    if (window !== undefined && (lastAt === null || tx.now - lastAt >= window)) {
      await recordConversationEvent(tx, conv.workspace_id, conv.id, 'csat_skipped', 'messaging_window_closed', SYSTEM, {
        channelType: type,
        lastCustomerMessageAt: lastAt === null ? null : new Date(lastAt).toISOString(),
        windowHours: window / HOUR,
      });
      continue;
    }
    asked.push({ conv, text: surveyText(type, settings), attachments: type === 'webchat' ? [{ type: 'csat', scale: 5 }] : [] });
  }
  if (asked.length === 0) return sent;
  for (const m of await appendSystemMessages(tx, deps, asked)) sent.set(m.conversation_id, m);
  await tx.db
    .updateTable('conversations')
    .set({ csat_asked_at: tx.now })
    .where('id', '=', anyOf([...sent.keys()]))
    .execute();
  for (const { conv } of asked) {
    await recordConversationEvent(tx, conv.workspace_id, conv.id, 'csat_requested', 'agent_completed', SYSTEM, {
      channelType: byId.get(conv.id)!.channel_type,
    });
  }
  return sent;
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
