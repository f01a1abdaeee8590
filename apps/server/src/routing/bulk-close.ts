import { sql } from 'kysely';
import type { ConversationRow } from '../db/schema.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { Actor } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import { recordStatusChange } from '../conversations/conversation-history.ts';
import { conversationView } from '../conversations/serialize.ts';
import { agentToolsFrom } from '../agent-tools/settings.ts';
import { askForRatings } from '../agent-tools/csat.ts';
import { wrapUpsStarted } from '../agent-tools/wrap-up.ts';
import type { RoutingSession } from './routing-service.ts';
import type { BulkKind } from './routing-batches.ts';
import { anyOf, rowsOf } from '../db/unnest.ts';

/** An agent's (or a supervisor's) close of a conversation, as data: what the batch needs to do it for many at once. */
export interface CloseRequest {
  conversationId: string;
  reason: string;
  actor: Actor;
  /** A supervisor (or the admin token) may close whoever holds it; an agent only its own. */
  supervisor: boolean;
  agentId: string | null;
}

const SYSTEM: Actor = { actorType: 'system', actorId: null };

/**
 * A batch's closes (given without tags) of `processing` conversations in a
 * fixed number of statements under the lock, however many, with the agent
 * tools' work at close (decision 0033): one statement checks and closes them
 * all (each row locked in id order, a compare-and-set on its status, on who
 * may close it and, when the workspace asks for tags at close, on the
 * conversation carrying one) and stores each wrap-up hold's deadline; one
 * read gives the held agents as the engine must see them; the engine hears
 * the holds, then every close, and one statement writes all its decisions
 * (apply-decisions.ts); the satisfaction surveys go out together
 * (agent-tools/csat.ts). A close the statement did not take (not
 * processing, not the agent's, unknown, untagged where tags are required,
 * or the same conversation twice) answers null: its own unit of work then
 * runs and gives its own answer or error (TAGS_REQUIRED, FORBIDDEN …).
 */
export async function closeAll(tx: Tx, session: RoutingSession, ids: IdGenerator, workspaceId: string, items: CloseRequest[]) {
  const tools = agentToolsFrom(session.agentTools);
  const first = items.filter((c, i) => items.findIndex((x) => x.conversationId === c.conversationId) === i);
  const asked = rowsOf(first, 'asked', [
    ['id', 'text', (c) => c.conversationId], ['reason', 'text', (c) => c.reason], ['supervisor', 'bool', (c) => c.supervisor], ['agent', 'text', (c) => c.agentId],
  ]);
  const tagged = tools.tagsRequiredAtClose ? sql`AND EXISTS (SELECT 1 FROM conversation_tags AS t WHERE t.conversation_id = c.id)` : sql``;
  // The seat stays counted until the deadline (wrap-up.ts), stored with the close itself.
  const until = tools.wrapUpSeconds > 0 ? tx.now + tools.wrapUpSeconds * 1000 : null;
  const hold = until === null ? sql`` : sql`, wrap_up_until = CASE WHEN c.assignee_id IS NULL THEN c.wrap_up_until ELSE ${until}::int8 END`;
  const { rows } = await sql<ConversationRow>`
    WITH due AS (
      SELECT c.id, asked.reason FROM conversations AS c JOIN ${asked} ON asked.id = c.id
      WHERE c.id = ${anyOf(first.map((c) => c.conversationId))} AND c.workspace_id = ${workspaceId} AND c.status = 'processing' AND (asked.supervisor OR c.assignee_id = asked.agent) ${tagged}
      ORDER BY c.id FOR UPDATE OF c
    )
    UPDATE conversations AS c
    SET status = 'completed', version = c.version + 1, updated_at = ${tx.now}::int8, offer_agent_id = NULL, offer_expires_at = NULL,
        closed_at = ${tx.now}::int8, close_reason = due.reason, route_pending_at = NULL ${hold}
    FROM due WHERE c.id = due.id
    RETURNING c.*`.execute(tx.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const taken = first.filter((c) => byId.has(c.conversationId));
  if (taken.length === 0) return items.map(() => null);
  const closed = taken.map((c) => byId.get(c.conversationId)!);
  const holds = until === null ? [] : await wrapUpsStarted(tx, workspaceId, closed);
  for (const c of taken) await recordStatusChange(tx, workspaceId, c.conversationId, 'processing', 'completed', c.reason, c.actor);
  // R12's service rate, as leaveRouting folds it; told first, so the decisions write below carries the handle times.
  for (const row of closed) if (row.assigned_at) session.completed(row.skills, (tx.now - row.assigned_at) / 1000);
  await session.applyAll([
    ...holds.map((event) => ({ event, cause: SYSTEM })),
    ...taken.map((c) => ({ event: { type: 'conversation_closed' as const, conversationId: c.conversationId }, cause: c.actor, note: `completed:${c.reason}` })),
  ]);
  const surveys = await askForRatings(
    tx,
    { ids },
    closed.map((r) => r.id),
    tools.csat,
  );
  // The answer is the conversation as it now is: the survey is its latest message.
  for (const row of closed) row.message_count = surveys.get(row.id)?.seq ?? row.message_count;
  return items.map((c) => (taken.includes(c) ? conversationView(byId.get(c.conversationId)!) : null));
}

/** Closes as a routing batch does them together (routing-batches.ts). */
export const closes: BulkKind<CloseRequest> = { relayName: 'close', all: closeAll };
