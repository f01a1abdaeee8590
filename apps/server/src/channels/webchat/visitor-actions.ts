import { notFound } from '@switchboard/core';
import type { Deps } from '../../platform/deps.ts';
import { receiveInbound } from '../../inbound/inbound.ts';
import { currentConversation, webchatChannel, type VisitorSession } from './sessions.ts';

/** clientMessageId is the widget's retry key; scoped to the visitor so two visitors' "1" never collide. */
export async function postVisitorMessage(deps: Deps, s: VisitorSession, body: { text: string; clientMessageId?: string }) {
  const channel = await webchatChannel(deps, s.channelId);
  const result = await receiveInbound(deps, channel, {
    contact: { externalId: s.visitorId },
    text: body.text,
    externalMessageId: body.clientMessageId ? `wc:${s.contactId}:${body.clientMessageId}` : undefined,
  });
  return { conversationId: result.conversationId, messageId: result.messageId, status: result.status };
}

/** Only the assigned agent hears of it (supervisors see everything anyway). */
const audience = (conv: { status: string; assignee_id: string | null }) => (conv.status === 'processing' && conv.assignee_id ? [conv.assignee_id] : []);

export async function visitorTyping(deps: Deps, s: VisitorSession) {
  const conv = await currentConversation(deps, s);
  if (!conv || conv.status === 'completed') return;
  deps.bus.publish([{ type: 'typing', workspaceId: s.workspaceId, agentIds: audience(conv), data: { conversationId: conv.id, who: 'customer' } }]);
}

export async function visitorRead(deps: Deps, s: VisitorSession, messageId: string) {
  const message = await deps.db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.id', 'messages.conversation_id', 'conversations.status', 'conversations.assignee_id'])
    .where('messages.id', '=', messageId)
    .where('messages.private', '=', false)
    .where('conversations.contact_id', '=', s.contactId)
    .where('conversations.channel_id', '=', s.channelId)
    .executeTakeFirst();
  if (!message) throw notFound('message', messageId);
  await deps.db.updateTable('webchat_sessions').set({ last_read_message_id: messageId }).where('token_hash', '=', s.tokenHash).execute();
  deps.bus.publish([
    { type: 'message.read', workspaceId: s.workspaceId, agentIds: audience(message), data: { conversationId: message.conversation_id, messageId, who: 'customer' } },
  ]);
}
