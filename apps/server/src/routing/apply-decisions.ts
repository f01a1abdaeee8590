import { DomainError, type RoutingDecision, type RoutingEngine } from '@switchboard/core';
import { sql } from 'kysely';
import { recordStatusChange, recordConversationEvent } from '../use-cases/conversation-history.ts';
import type { Tx } from '../tx.ts';

interface Cause {
  actorType: string;
  actorId: string | null;
}

/**
 * Persists the engine's decisions, in order, each as a compare-and-set on the
 * conversation's status: if a row is not in the status the engine believed,
 * the tables and the engine disagree and the whole transaction is refused
 * rather than assigning on stale state.
 */
export async function applyDecisions(tx: Tx, workspaceId: string, engine: RoutingEngine, decisions: RoutingDecision[], cause: Cause) {
  for (const d of decisions) await applyOne(tx, workspaceId, engine, d, cause);
}

async function applyOne(tx: Tx, workspaceId: string, engine: RoutingEngine, d: RoutingDecision, cause: Cause) {
  switch (d.type) {
    case 'dispatched':
      return moveStatus(tx, workspaceId, d.conversationId, ['waiting'], 'dispatching', d.reason, cause, {});
    case 'requeued':
      return moveStatus(tx, workspaceId, d.conversationId, ['dispatching', 'processing'], 'waiting', d.reason, cause, {
        assignee_id: null,
        offer_agent_id: null,
        offer_expires_at: null,
      });
    case 'assigned':
      return assign(tx, workspaceId, d.conversationId, d.agentId, d.reason, cause);
    case 'offered':
      return offer(tx, workspaceId, d, cause);
    case 'offer_withdrawn':
      return withdraw(tx, workspaceId, engine, d, cause);
    case 'agent_away':
      return setAgentAway(tx, workspaceId, d.agentId, d.reason);
    default: {
      const never: never = d;
      throw new Error(`unknown routing decision ${JSON.stringify(never)}`);
    }
  }
}

type Patch = Record<string, string | number | null>;

async function moveStatus(
  tx: Tx,
  workspaceId: string,
  id: string,
  from: string[],
  to: string,
  reason: string,
  cause: Cause,
  patch: Patch,
): Promise<string> {
  const before = await tx.db
    .selectFrom('conversations')
    .select(['status'])
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!before || !from.includes(before.status)) {
    throw new DomainError('CONFLICT', `conversation ${id} is ${before?.status ?? 'missing'}, routing expected ${from.join('/')}`);
  }
  await tx.db
    .updateTable('conversations')
    .set({ ...patch, status: to, version: sql`version + 1`, updated_at: tx.now })
    .where('id', '=', id)
    .execute();
  // A transfer (or an agent-started conversation) stays `processing`: a new owner, not a new status.
  if (before.status !== to) await recordStatusChange(tx, workspaceId, id, before.status, to, reason, cause);
  return before.status;
}

async function assign(tx: Tx, workspaceId: string, id: string, agentId: string, reason: string, cause: Cause) {
  await moveStatus(tx, workspaceId, id, ['waiting', 'dispatching', 'processing'], 'processing', reason, cause, {
    assignee_id: agentId,
    offer_agent_id: null,
    offer_expires_at: null,
  });
  await tx.db.updateTable('agents').set({ last_assigned_at: tx.now }).where('id', '=', agentId).execute();
  const conv = await tx.db.selectFrom('conversations').select(['contact_id']).where('id', '=', id).executeTakeFirstOrThrow();
  await tx.db.updateTable('contacts').set({ last_agent_id: agentId }).where('id', '=', conv.contact_id).execute();
  await recordConversationEvent(tx, workspaceId, id, 'assigned', reason, cause, { agentId });
  tx.emit({ type: 'conversation.assigned', workspaceId, conversationId: id, data: { id, agentId, reason } });
}

async function offer(tx: Tx, workspaceId: string, d: Extract<RoutingDecision, { type: 'offered' }>, cause: Cause) {
  const updated = await tx.db
    .updateTable('conversations')
    .set({ offer_agent_id: d.agentId, offer_expires_at: d.expiresAt, version: sql`version + 1`, updated_at: tx.now })
    .where('id', '=', d.conversationId)
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'dispatching')
    .executeTakeFirst();
  if (updated.numUpdatedRows !== 1n) throw new DomainError('CONFLICT', `conversation ${d.conversationId} is not dispatching`);
  await recordConversationEvent(tx, workspaceId, d.conversationId, 'offered', d.reason, cause, { agentId: d.agentId, expiresAt: d.expiresAt });
  tx.emit({
    type: 'conversation.offered',
    workspaceId,
    agentIds: [d.agentId],
    data: { id: d.conversationId, agentId: d.agentId, expiresAt: new Date(d.expiresAt).toISOString(), reason: d.reason },
  });
}

async function withdraw(tx: Tx, workspaceId: string, engine: RoutingEngine, d: Extract<RoutingDecision, { type: 'offer_withdrawn' }>, cause: Cause) {
  const declinedBy = engine.conversation(d.conversationId)?.declinedBy ?? [];
  await tx.db
    .updateTable('conversations')
    .set({ offer_agent_id: null, offer_expires_at: null, declined_by: JSON.stringify(declinedBy), updated_at: tx.now })
    .where('id', '=', d.conversationId)
    .where('workspace_id', '=', workspaceId)
    .where('offer_agent_id', '=', d.agentId)
    .execute();
  await recordConversationEvent(tx, workspaceId, d.conversationId, 'offer_withdrawn', d.reason, cause, { agentId: d.agentId });
  tx.emit({
    type: 'conversation.offer_withdrawn',
    workspaceId,
    agentIds: [d.agentId],
    data: { id: d.conversationId, agentId: d.agentId, reason: d.reason },
  });
}

async function setAgentAway(tx: Tx, workspaceId: string, agentId: string, reason: string) {
  await tx.db
    .updateTable('agents')
    .set({ presence: 'away', presence_reason: reason, updated_at: new Date(tx.now) })
    .where('id', '=', agentId)
    .where('workspace_id', '=', workspaceId)
    .execute();
  await tx.db.insertInto('presence_events').values({ workspace_id: workspaceId, agent_id: agentId, at: tx.now, presence: 'away', reason, actor_id: null }).execute();
  tx.emit({ type: 'agent.presence_changed', workspaceId, data: { id: agentId, presence: 'away', reason } });
}
