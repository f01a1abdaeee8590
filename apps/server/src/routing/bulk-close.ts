import { sql } from 'kysely';
import type { ConversationRow } from '../db/schema.ts';
import type { Actor } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import { recordStatusChange } from '../conversations/conversation-history.ts';
import { conversationView } from '../conversations/serialize.ts';
import { agentToolsFrom } from '../agent-tools/settings.ts';
import type { RoutingSession } from './routing-service.ts';

/** An agent's (or a supervisor's) close of a conversation, as data: what the batch needs to do it for many at once. */
export interface CloseRequest {
  conversationId: string;
  reason: string;
  actor: Actor;
  /** A supervisor (or the admin token) may close whoever holds it; an agent only its own. */
  supervisor: boolean;
  agentId: string | null;
}

/**
 * Whether the workspace's agent tools leave a close with nothing to do but
 * the close itself (no tags asked for, no wrap-up hold, no survey): then a
 * batch's closes are done together (closeAll). Otherwise each runs its own
 * unit of work (conversation-actions.ts) in its savepoint.
 */
export function plainCloses(session: RoutingSession): boolean {
  const tools = agentToolsFrom(session.agentTools);
  return !tools.tagsRequiredAtClose && tools.wrapUpSeconds <= 0 && !tools.csat.enabled;
}

/**
 * A batch's plain closes of `processing` conversations in a fixed number of
 * statements under the lock, however many: one statement checks and closes
 * them all (each row locked in id order, a compare-and-set on its status and
 * who may close it), the engine hears every close, and one statement writes
 * all its decisions (apply-decisions.ts). A close the statement did not take
 * (not processing, not the agent's, unknown, or the same conversation twice)
 * answers null: its own unit of work then runs and gives its own answer or error.
 */
export async function closeAll(tx: Tx, session: RoutingSession, workspaceId: string, items: CloseRequest[]) {
  const first = items.filter((c, i) => items.findIndex((x) => x.conversationId === c.conversationId) === i);
  const values = sql.join(first.map((c) => sql`(${c.conversationId}::text, ${c.reason}::text, ${c.supervisor}::bool, ${c.agentId}::text)`));
  const { rows } = await sql<ConversationRow>`
    WITH asked(id, reason, supervisor, agent) AS (VALUES ${values}),
    due AS (
      SELECT c.id, asked.reason FROM conversations AS c JOIN asked ON asked.id = c.id
      WHERE c.workspace_id = ${workspaceId} AND c.status = 'processing' AND (asked.supervisor OR c.assignee_id = asked.agent)
      ORDER BY c.id FOR UPDATE OF c
    )
    UPDATE conversations AS c
    SET status = 'completed', version = c.version + 1, updated_at = ${tx.now}::int8, offer_agent_id = NULL, offer_expires_at = NULL,
        closed_at = ${tx.now}::int8, close_reason = due.reason, route_pending_at = NULL
    FROM due WHERE c.id = due.id
    RETURNING c.*`.execute(tx.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const taken = first.filter((c) => byId.has(c.conversationId));
  if (taken.length === 0) return items.map(() => null);
  for (const c of taken) await recordStatusChange(tx, workspaceId, c.conversationId, 'processing', 'completed', c.reason, c.actor);
  await session.applyAll(taken.map((c) => ({ event: { type: 'conversation_closed', conversationId: c.conversationId }, cause: c.actor, note: `completed:${c.reason}` })));
  // R12's service rate, as leaveRouting folds it.
  for (const c of taken) {
    const row = byId.get(c.conversationId)!;
    if (row.assigned_at) session.completed(row.skills, (tx.now - row.assigned_at) / 1000);
  }
  return items.map((c) => (taken.includes(c) ? conversationView(byId.get(c.conversationId)!) : null));
}
