import { notFound } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { assertMayRead } from '../conversations/transcript-access.ts';

/**
 * Collision (docs/agent-tools.md): an agent says it is viewing, typing in, or
 * has left a conversation; every staff socket of the workspace hears it, on
 * every process (the stream hub's transport carries it, like `typing`), and
 * nothing is stored: a console forgets a viewer it has not heard from for
 * 30 s. No top-level conversationId: a visitor's socket never sees it.
 */
export async function announceViewing(deps: Deps, p: Principal, conversationId: string, state: 'viewing' | 'typing' | 'left') {
  if (!p.agentId) return;
  const conv = await deps.db
    .selectFrom('conversations')
    .select(['id', 'status', 'assignee_id', 'offer_agent_id'])
    .where('id', '=', conversationId)
    .where('workspace_id', '=', p.workspaceId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation', conversationId);
  await assertMayRead(deps, p, conv);
  const agent = await deps.db.selectFrom('agents').select('name').where('id', '=', p.agentId).executeTakeFirst();
  await deps.bus.publish([
    {
      type: 'conversation.viewing',
      workspaceId: p.workspaceId,
      data: { conversationId, agentId: p.agentId, name: agent?.name ?? null, state, at: new Date(deps.clock.now()).toISOString() },
    },
  ]);
}
