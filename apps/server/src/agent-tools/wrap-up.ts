import { DomainError, notFound, type AgentState, type RoutingEvent } from '@switchboard/core';
import { sql } from 'kysely';
import { anyOf, rowsOf } from '../db/unnest.ts';
import type { AgentRow, ConversationRow } from '../db/schema.ts';
import { transactRouting, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { actorOf, canSupervise, type Actor, type Principal } from '../platform/principal.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import type { BulkKind } from '../routing/routing-batches.ts';
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
    FROM agents AS a WHERE a.workspace_id = ${workspaceId} AND a.id = ${anyOf(agentIds)}`.execute(tx.db);
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

/** The end of one conversation's wrap-up, asked by its agent (or a supervisor), or due by its deadline (the scheduler). */
export interface WrapUpEnd {
  conversationId: string;
  /** A supervisor (or the admin token, or the scheduler) may end anyone's; an agent only its own. */
  supervisor: boolean;
  agentId: string | null;
  cause: 'ended_by_agent' | 'deadline';
  actor: Actor;
}

const SYSTEM: Actor = { actorType: 'system', actorId: null };

/**
 * Ends wrap-ups, however many, in a fixed number of statements under the routing lock: one statement
 * checks and ends them all (rows locked in id order; still in wrap-up, the agent's own unless a
 * supervisor asks, past the deadline when the deadline ends it), one read gives their agents as the
 * engine must now see them, one statement writes the engine's decisions (the freed seats taken).
 * One it did not take (not in wrap-up, not the agent's, unknown, twice) answers null.
 */
async function endWrapUps(tx: Tx, routing: RoutingSession, workspaceId: string, items: WrapUpEnd[]) {
  const first = items.filter((e, i) => items.findIndex((x) => x.conversationId === e.conversationId) === i);
  const asked = rowsOf(first, 'asked', [
    ['id', 'text', (e) => e.conversationId], ['supervisor', 'bool', (e) => e.supervisor], ['agent', 'text', (e) => e.agentId], ['deadline', 'bool', (e) => e.cause === 'deadline'],
  ]);
  const { rows } = await sql<ConversationRow>`
    WITH due AS (
      SELECT c.id FROM conversations AS c JOIN ${asked} ON asked.id = c.id
      WHERE c.id = ${anyOf(first.map((e) => e.conversationId))} AND c.workspace_id = ${workspaceId} AND c.wrap_up_until IS NOT NULL AND (asked.supervisor OR c.assignee_id = asked.agent)
        AND (NOT asked.deadline OR c.wrap_up_until <= ${tx.now}::int8)
      ORDER BY c.id FOR UPDATE OF c
    )
    UPDATE conversations AS c SET wrap_up_until = NULL, wrap_up_ended_at = ${tx.now}::int8 FROM due WHERE c.id = due.id
    RETURNING c.*`.execute(tx.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const taken = first.filter((e) => byId.has(e.conversationId));
  const agents = await heldAgents(tx, workspaceId, [...new Set(rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])))]);
  if (agents.length > 0) await routing.applyAll(agents.map((agent) => ({ event: { type: 'agent_upserted' as const, agent }, cause: SYSTEM })));
  for (const e of taken) {
    const conv = byId.get(e.conversationId)!;
    await recordConversationEvent(tx, workspaceId, conv.id, 'wrap_up_ended', e.cause, e.actor, { agentId: conv.assignee_id });
    tx.emit(wrapUpEvent(conv, 'wrap_up.ended', null));
  }
  const ended = { wrapUpUntil: null, wrapUpEndedAt: new Date(tx.now).toISOString() };
  return items.map((e) => (taken.includes(e) ? { conversationId: e.conversationId, ...ended } : null));
}

/** Wrap-up ends as a routing batch does them together (routing/routing-batches.ts). */
export const wrapUpEnds: BulkKind<WrapUpEnd> = { relayName: 'wrap-up-end', all: (tx, session, _ids, workspaceId, requests) => endWrapUps(tx, session, workspaceId, requests) };

const wrapUpEvent = (conv: ConversationRow, type: string, until: number | null) => ({
  type,
  workspaceId: conv.workspace_id,
  agentIds: conv.assignee_id ? [conv.assignee_id] : [],
  data: { conversationId: conv.id, agentId: conv.assignee_id, until: until === null ? null : new Date(until).toISOString() },
});

/**
 * POST /conversations/:id/wrap-up/end: the agent is done early (or a supervisor ends it). Done with the
 * batch's other ends (decision 0033); the unit of work answers one the batch did not take, with its error.
 */
export async function endWrapUpEarly(deps: Deps, p: Principal, id: string) {
  const request: WrapUpEnd = { conversationId: id, supervisor: canSupervise(p), agentId: p.agentId ?? null, cause: 'ended_by_agent', actor: actorOf(p) };
  return deps.routing.batches.bulk(deps, p.workspaceId, wrapUpEnds, request, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const conv = await lockConversation(tx, p.workspaceId, id);
    if (!canSupervise(p) && conv.assignee_id !== p.agentId)
      throw new DomainError('FORBIDDEN', 'only the agent who closed it or a supervisor may end its wrap-up');
    if (conv.wrap_up_until === null || conv.wrap_up_until === undefined) throw new DomainError('INVALID_TRANSITION', 'this conversation is not in wrap-up');
    const [ended] = await endWrapUps(tx, routing, p.workspaceId, [request]);
    return ended!;
  });
}

/** Scheduler task: ends every wrap-up whose deadline has passed, one routing unit per workspace (any process; running twice is harmless). */
export async function runDueWrapUps(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.selectFrom('conversations').select(['id', 'workspace_id']).where('wrap_up_until', '<=', now).limit(100).execute();
  const byWorkspace = new Map<string, WrapUpEnd[]>();
  for (const row of due) {
    const end: WrapUpEnd = { conversationId: row.id, supervisor: true, agentId: null, cause: 'deadline', actor: SYSTEM };
    byWorkspace.set(row.workspace_id, [...(byWorkspace.get(row.workspace_id) ?? []), end]);
  }
  for (const [workspaceId, ends] of byWorkspace) {
    await transactRouting(deps, workspaceId, async (tx) => endWrapUps(tx, await deps.routing.begin(tx, workspaceId), workspaceId, ends));
  }
  return due.length;
}
