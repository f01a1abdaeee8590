import type { HandoffIntake, RoutingEvent } from '@switchboard/core';
import { sql } from 'kysely';
import { anyOf } from '../db/unnest.ts';
import type { ConversationRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { Actor } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import { afterHandoffs, intakeOf, loadHandoffPolicy, type HandoffPolicy } from '../policy/handoff-policy.ts';
import { rememberWritten } from './apply-decisions.ts';
import type { RoutingSession } from './routing-service.ts';

/**
 * A new customer's hand-off joins the routing group commit (decision
 * 0024-handoff-joins-group-commit). The inbound transaction stores the
 * conversation `waiting` with `route_pending_at` (this long after the
 * hand-off) and commits without the workspace's routing lock; right after,
 * the hand-off is queued behind the lock with whatever else is (closes,
 * other hand-offs) and the engine hears of it there. Until then the engine
 * does not route it (load-snapshot.ts leaves pending rows out), so a rebuilt
 * engine and the tables agree. A process that dies in between leaves the
 * deadline in the row: the scheduler of any process routes it once passed.
 */
export const ROUTE_PENDING_MS = 1000;

type Handed = Extract<RoutingEvent, { type: 'handoff' }>['conversation'];

export interface PendingHandoff {
  workspaceId: string;
  conversationId: string;
  /** The engine's handoff input, as the inbound transaction worked it out (key, skills, sticky agent, R10 policy). */
  handed: Handed;
  policy: HandoffPolicy;
  intake: HandoffIntake;
  actor: Actor;
}

const SYSTEM: Actor = { actorType: 'system', actorId: null };

/**
 * Routes a hand-off committed pending, in the workspace's next routing transaction; answers the
 * conversation's status after. If that transaction fails, the hand-off stays pending and the sweep
 * routes it: the customer's message is stored either way, so the caller still gets its answer.
 */
export async function routePendingHandoff(deps: Deps, h: PendingHandoff): Promise<string> {
  try {
    const status = await deps.routing.batches.handoff(deps, h);
    if (status !== null) return status;
  } catch (err) {
    deps.log.warn({ err, conversationId: h.conversationId }, 'hand-off not routed at once; the pending sweep routes it');
  }
  const row = await deps.db.selectFrom('conversations').select('status').where('id', '=', h.conversationId).executeTakeFirst();
  return row?.status ?? 'waiting';
}

/**
 * Under the routing lock, for every hand-off of a batch at once: one statement
 * takes the still-pending conversations (locked in id order, the mark cleared),
 * the engine hears every hand-off, and one statement writes all its decisions
 * (apply-decisions.ts). A hand-off whose conversation is no longer pending
 * (routed by the sweep meanwhile, abandoned, closed) changes nothing: null.
 */
export async function routeHandoffs(tx: Tx, session: RoutingSession, ids: IdGenerator, items: PendingHandoff[], workspaceId: string) {
  const wanted = [...new Set(items.map((h) => h.conversationId))];
  const { rows } = await sql<ConversationRow>`
    WITH due AS (
      SELECT id FROM conversations
      WHERE workspace_id = ${workspaceId} AND id = ${anyOf(wanted)} AND status = 'waiting' AND route_pending_at IS NOT NULL
      ORDER BY id FOR UPDATE
    )
    UPDATE conversations AS c SET route_pending_at = NULL FROM due WHERE c.id = due.id RETURNING c.*`.execute(tx.db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const taken = items.filter((h, i) => byId.has(h.conversationId) && items.findIndex((x) => x.conversationId === h.conversationId) === i);
  for (const h of taken) rememberWritten(tx, { id: h.conversationId, status: 'waiting', contact_id: byId.get(h.conversationId)!.contact_id });
  if (taken.length > 0) await session.applyAll(taken.map((h) => ({ event: { type: 'handoff', conversation: h.handed }, cause: h.actor })));
  await afterHandoffs(tx, ids, session, taken.map((h) => ({ conv: byId.get(h.conversationId)!, policy: h.policy, intake: h.intake })));
  return items.map((h) => (byId.has(h.conversationId) ? (session.engine.conversation(h.conversationId)?.status ?? 'waiting') : null));
}

/**
 * Scheduler task: hand-offs still pending past their deadline — the process
 * that committed them died (or its routing transaction failed) before the
 * engine heard of them. Routed through the same group commit; running it
 * twice, or beside the process that is routing them anyway, is harmless
 * (routeHandoffs takes only what is still pending).
 */
export async function routeOverdueHandoffs(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  // Ids first: behind a backlog most overdue rows are already queued in this process, and need no more.
  const overdue = await deps.db
    .selectFrom('conversations')
    .select(['id', 'status'])
    .where('route_pending_at', '<=', now)
    .orderBy('route_pending_at')
    .limit(500)
    .execute();
  const gone = overdue.filter((c) => c.status !== 'waiting').map((c) => c.id);
  if (gone.length > 0) await deps.db.updateTable('conversations').set({ route_pending_at: null }).where('id', 'in', gone).where('status', '<>', 'waiting').execute();
  // Those this process has queued already are routed by that queue (its routing is only behind).
  const wanted = overdue.filter((c) => c.status === 'waiting' && !deps.routing.batches.handoffQueued(c.id)).map((c) => c.id);
  if (wanted.length === 0) return 0;
  const routed = await deps.db
    .selectFrom('conversations')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .selectAll('conversations')
    .select('contacts.last_agent_id')
    .where('conversations.id', 'in', wanted)
    .where('conversations.status', '=', 'waiting')
    .where('conversations.route_pending_at', 'is not', null)
    .execute();
  const policies = new Map<string, ReturnType<typeof loadHandoffPolicy>>();
  await Promise.all(
    routed.map(async (c) => {
      if (!policies.has(c.channel_id)) policies.set(c.channel_id, loadHandoffPolicy(deps, c));
      const policy = await policies.get(c.channel_id)!;
      const intake = intakeOf(policy, c.handoff_at ?? now);
      const handed = { id: c.id, skills: c.skills, queueKey: c.queue_key ?? now, lastAgentId: c.last_agent_id ?? null, relaxation: policy.relaxation };
      await routePendingHandoff(deps, { workspaceId: c.workspace_id, conversationId: c.id, handed, policy, intake, actor: SYSTEM });
    }),
  );
  return routed.length;
}
