import { DomainError, notFound, type AgentState, type RoutingEvent } from '@switchboard/core';
import { sql } from 'kysely';
import type { AgentRow, ConversationRow } from '../db/schema.ts';
import { transactRouting, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { actorOf, canSupervise, type Actor, type Principal } from '../platform/principal.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { lockConversation } from '../conversations/conversation-store.ts';
import { engineAgent } from '../agents/agents.ts';

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
  return withHeldSeats(agent, Number(row.n));
}

const withHeldSeats = (agent: AgentState, held: number): AgentState => ({ ...agent, capacity: Math.max(0, agent.capacity - held) });

/** heldAgent for several agents of the workspace, in one statement (an unknown one is refused, as getAgentRow does). */
async function heldAgents(tx: Tx, workspaceId: string, agentIds: string[]): Promise<AgentState[]> {
  if (agentIds.length === 0) return [];
  const { rows } = await sql<AgentRow & { held: number }>`
    SELECT a.*, (SELECT count(*)::int FROM conversations AS c WHERE c.assignee_id = a.id AND c.wrap_up_until IS NOT NULL) AS held
    FROM agents AS a WHERE a.workspace_id = ${workspaceId} AND a.id IN (${sql.join(agentIds)})`.execute(tx.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return agentIds.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound('agent', id);
    return withHeldSeats(engineAgent(row), Number(row.held));
  });
}

/** Called by close, before routing frees the seat: the seat is held until the deadline. */
export async function startWrapUp(tx: Tx, routing: RoutingSession, conv: ConversationRow, seconds: number) {
  if (seconds <= 0 || conv.status !== 'processing' || !conv.assignee_id) return;
  const until = tx.now + seconds * 1000;
  await tx.db.updateTable('conversations').set({ wrap_up_until: until }).where('id', '=', conv.id).execute();
  const [agent] = await heldAgents(tx, conv.workspace_id, [conv.assignee_id]);
  await routing.apply({ type: 'agent_upserted', agent: agent! });
  wrapUpStarted(tx, conv, until);
}

/**
 * startWrapUp for a routing batch's closes (routing/bulk-close.ts), whose statement has already stored
 * each hold's deadline (`wrap_up_until`): the history and events of each, and the engine events that
 * hold the seats (each agent once, as it is now), for the caller to apply before the closes free them.
 */
export async function wrapUpsStarted(tx: Tx, workspaceId: string, convs: ConversationRow[]): Promise<RoutingEvent[]> {
  const held = convs.filter((c) => c.assignee_id && c.wrap_up_until !== null && c.wrap_up_until !== undefined);
  for (const conv of held) wrapUpStarted(tx, conv, Number(conv.wrap_up_until));
  const agents = await heldAgents(tx, workspaceId, [...new Set(held.map((c) => c.assignee_id!))]);
  return agents.map((agent) => ({ type: 'agent_upserted', agent }));
}

function wrapUpStarted(tx: Tx, conv: ConversationRow, until: number) {
  const by = { actorType: 'agent', actorId: conv.assignee_id };
  void recordConversationEvent(tx, conv.workspace_id, conv.id, 'wrap_up_started', 'closed_by_agent', by, {
    agentId: conv.assignee_id,
    until: new Date(until).toISOString(),
  });
  tx.emit(wrapUpEvent(conv, 'wrap_up.started', until));
}

async function endWrapUp(tx: Tx, routing: RoutingSession, conv: ConversationRow, cause: 'ended_by_agent' | 'deadline', actor: Actor) {
  await tx.db.updateTable('conversations').set({ wrap_up_until: null, wrap_up_ended_at: tx.now }).where('id', '=', conv.id).execute();
  if (conv.assignee_id) {
    const [agent] = await heldAgents(tx, conv.workspace_id, [conv.assignee_id]);
    await routing.apply({ type: 'agent_upserted', agent: agent! });
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
