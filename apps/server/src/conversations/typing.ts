import { DomainError, notFound } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';
import { canSupervise, type Principal } from '../platform/principal.ts';

/** An agent is typing: tell the customer (web chat) and whoever watches the conversation. Nothing is stored. */
export async function agentTyping(deps: Deps, p: Principal, conversationId: string) {
  const conv = await deps.db
    .selectFrom('conversations')
    .select(['id', 'status', 'assignee_id'])
    .where('id', '=', conversationId)
    .where('workspace_id', '=', p.workspaceId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation', conversationId);
  if (conv.status !== 'processing') throw new DomainError('INVALID_TRANSITION', `cannot type into a conversation that is ${conv.status}`);
  if (conv.assignee_id !== p.agentId && !canSupervise(p)) throw new DomainError('FORBIDDEN', 'only the assigned agent may type here');
  deps.bus.publish([
    {
      type: 'typing',
      workspaceId: p.workspaceId,
      conversationId,
      agentIds: conv.assignee_id ? [conv.assignee_id] : undefined,
      data: { conversationId, who: 'agent' },
    },
  ]);
}
