import { transact, type Deps } from '../../platform/deps.ts';
import { findOpenConversation, lockConversation } from '../../conversations/conversation-store.ts';
import { leaveRouting } from '../../conversations/handoff.ts';
import type { VisitorSession } from './sessions.ts';

/**
 * The visitor pressed "End chat". Still queued: the abandon path (R9,
 * reason `abandoned`, counted in reports as such). With the bot or an agent:
 * completed, reason `closed_by_customer`; the agent's load is freed at once.
 */
export async function endVisitorChat(deps: Deps, s: VisitorSession) {
  return transact(deps, async (tx) => {
    const open = await findOpenConversation(tx, s.channelId, s.contactId);
    if (!open) return { conversationId: null, ended: false };
    const routing = await deps.routing.begin(tx, s.workspaceId);
    const conv = await lockConversation(tx, s.workspaceId, open.id);
    if (conv.status === 'completed') return { conversationId: conv.id, ended: false };
    const queued = conv.status === 'waiting' || conv.status === 'dispatching';
    await leaveRouting(tx, routing, conv, 'completed', queued ? 'abandoned' : 'closed_by_customer', { actorType: 'customer', actorId: null });
    return { conversationId: conv.id, ended: true };
  });
}
