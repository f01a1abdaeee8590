import { DomainError, type AgentState } from '@switchboard/core';
import { sql } from 'kysely';
import type { ConversationRow } from '../db/schema.ts';
import { transactRouting, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { actorOf, canSupervise, type Actor, type Principal } from '../platform/principal.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { lockConversation } from '../conversations/conversation-store.ts';
import { engineAgent, getAgentRow } from '../agents/agents.ts';

/**
 * Wrap-up (after-conversation work): for `wrapUpSeconds` after an agent
 * closes a conversation its seat stays counted. The engine sees it as less
 * capacity (capacity − wrap-ups under way), so no rule of the engine
 * changes; the deadline is the column `wrap_up_until`, ended by the
 * scheduler or early by the agent.
 */
export async function wrapUpsByAgent(db: Tx['db'], workspaceId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('conversations')
    .select(['assignee_id', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', workspaceId)
    .where('wrap_up_until', 'is not', null)
    .groupBy('assignee_id')
    .execute();
  return new Map(rows.filter((r) => r.assignee_id !== null).map((r) => [r.assignee_id!, Number(r.n)]));
}

/** The agent as the engine should see it: its capacity less its wrap-ups under way. */
export async function heldAgent(tx: Tx, agent: AgentState): Promise<AgentState> {
  const row = await tx.db
    .selectFrom('conversations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('assignee_id', '=', agent.id)
    .where('wrap_up_until', 'is not', null)
    .executeTakeFirstOrThrow();
  return { ...agent, capacity: Math.max(0, agent.capacity - Number(row.n)) };
}

/** Called by close, before routing frees the seat: the seat is held until the deadline. */
export async function startWrapUp(tx: Tx, routing: RoutingSession, conv: ConversationRow, seconds: number) {
  if (seconds <= 0 || conv.status !== 'processing' || !conv.assignee_id) return;
  const until = tx.now + seconds * 1000;
  await tx.db.updateTable('conversations').set({ wrap_up_until: until }).where('id', '=', conv.id).execute();
  const agent = await getAgentRow(tx, conv.workspace_id, conv.assignee_id);
  await routing.apply({ type: 'agent_upserted', agent: await heldAgent(tx, engineAgent(agent)) });
  await recordConversationEvent(
    tx,
    conv.workspace_id,
    conv.id,
    'wrap_up_started',
    'closed_by_agent',
    { actorType: 'agent', actorId: conv.assignee_id },
    {
      agentId: conv.assignee_id,
      until: new Date(until).toISOString(),
    },
  );
  tx.emit(wrapUpEvent(conv, 'wrap_up.started', until));
}

async function endWrapUp(tx: Tx, routing: RoutingSession, conv: ConversationRow, cause: 'ended_by_agent' | 'deadline', actor: Actor) {
  await tx.db.updateTable('conversations').set({ wrap_up_until: null, wrap_up_ended_at: tx.now }).where('id', '=', conv.id).execute();
  if (conv.assignee_id) {
    const agent = await getAgentRow(tx, conv.workspace_id, conv.assignee_id);
    await routing.apply({ type: 'agent_upserted', agent: await heldAgent(tx, engineAgent(agent)) });
  }
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'wrap_up_ended', cause, actor, { agentId: conv.assignee_id });
  tx.emit(wrapUpEvent(conv, 'wrap_up.ended', null));
}

const wrapUpEvent = (conv: ConversationRow, type: string, until: number | null) => ({
  type,
  workspaceId: conv.workspace_id,
  agentIds: conv.assignee_id ? [conv.assignee_id] : [],
  data: { conversationId: conv.id, agentId: conv.assignee_id, until: until === null ? null : new Date(until).toISOString() },
});

/** POST /conversations/:id/wrap-up/end: the agent is done early (or a supervisor ends it). */
export async function endWrapUpEarly(deps: Deps, p: Principal, id: string) {
  return transactRouting(deps, p.workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const conv = await lockConversation(tx, p.workspaceId, id);
    if (!canSupervise(p) && conv.assignee_id !== p.agentId)
      throw new DomainError('FORBIDDEN', 'only the agent who closed it or a supervisor may end its wrap-up');
    if (conv.wrap_up_until === null || conv.wrap_up_until === undefined) throw new DomainError('INVALID_TRANSITION', 'this conversation is not in wrap-up');
    await endWrapUp(tx, routing, conv, 'ended_by_agent', actorOf(p));
    return { conversationId: id, wrapUpUntil: null, wrapUpEndedAt: new Date(tx.now).toISOString() };
  });
}

/** Scheduler task: ends every wrap-up whose deadline has passed (any process; running twice is harmless). */
export async function runDueWrapUps(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.selectFrom('conversations').select(['id', 'workspace_id']).where('wrap_up_until', '<=', now).limit(100).execute();
  for (const row of due) {
    await transactRouting(deps, row.workspace_id, async (tx) => {
      const routing = await deps.routing.begin(tx, row.workspace_id);
      const conv = await lockConversation(tx, row.workspace_id, row.id);
      if (conv.wrap_up_until === null || conv.wrap_up_until === undefined || conv.wrap_up_until > tx.now) return;
      await endWrapUp(tx, routing, conv, 'deadline', { actorType: 'system', actorId: null });
    });
  }
  return due.length;
}
