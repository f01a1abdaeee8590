import { transactRouting, type Deps } from '../platform/deps.ts';
import type { ChannelRow } from '../db/schema.ts';
import { findOpenConversation, lockConversation } from './conversation-store.ts';
import { leaveRouting } from './handoff.ts';

/**
 * The customer left while queued (R9: completed, reason `abandoned`). Only a
 * conversation still waiting for a person can be abandoned; one an agent
 * already has stays with the agent, who closes it.
 */
export async function abandonConversation(deps: Deps, channel: ChannelRow, contactExternalId: string) {
  const identity = await deps.db
    .selectFrom('contact_identities')
    .select('contact_id')
    .where('channel_id', '=', channel.id)
    .where('external_id', '=', contactExternalId)
    .executeTakeFirst();
  if (!identity) return { conversationId: null, status: null, abandoned: false };
  return abandonQueued(deps, channel.workspace_id, channel.id, identity.contact_id);
}

/** The contact's open conversation on the channel is abandoned if it is still queued (the lock decides, not the caller's read). */
export async function abandonQueued(deps: Deps, workspaceId: string, channelId: string, contactId: string) {
  return transactRouting(deps, workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, workspaceId);
    const open = await findOpenConversation(tx, channelId, contactId);
    if (!open || (open.status !== 'waiting' && open.status !== 'dispatching')) {
      return { conversationId: open?.id ?? null, status: open?.status ?? null, abandoned: false };
    }
    const conv = await lockConversation(tx, workspaceId, open.id);
    if (conv.status !== 'waiting' && conv.status !== 'dispatching') return { conversationId: conv.id, status: conv.status, abandoned: false };
    await leaveRouting(tx, routing, conv, 'completed', 'abandoned', { actorType: 'customer', actorId: null });
    return { conversationId: conv.id, status: 'completed', abandoned: true };
  });
}
