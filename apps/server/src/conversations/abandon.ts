import { transact, type Deps } from '../platform/deps.ts';
import type { ChannelRow } from '../db/schema.ts';
import { findOpenConversation, lockConversation } from './conversation-store.ts';
import { leaveRouting } from './handoff.ts';

/**
 * The customer left while queued (R9: completed, reason `abandoned`). Only a
 * conversation still waiting for a person can be abandoned; one an agent
 * already has stays with the agent, who closes it.
 */
export async function abandonConversation(deps: Deps, channel: ChannelRow, contactExternalId: string) {
  return transact(deps, async (tx) => {
    const routing = await deps.routing.begin(tx, channel.workspace_id);
    const identity = await tx.db
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('channel_id', '=', channel.id)
      .where('external_id', '=', contactExternalId)
      .executeTakeFirst();
    const open = identity && (await findOpenConversation(tx, channel.id, identity.contact_id));
    if (!open || (open.status !== 'waiting' && open.status !== 'dispatching')) {
      return { conversationId: open?.id ?? null, status: open?.status ?? null, abandoned: false };
    }
    const conv = await lockConversation(tx, channel.workspace_id, open.id);
    await leaveRouting(tx, routing, conv, 'completed', 'abandoned', { actorType: 'customer', actorId: null });
    return { conversationId: conv.id, status: 'completed', abandoned: true };
  });
}
