import { averageHandleTime, DomainError, estimateWaitSeconds, RoutingEngine, serviceRatePerSeat, type RoutingExplanation } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { assertMayRead } from '../conversations/transcript-access.ts';
import { explainAt, parseMoment } from './explain-at.ts';
import { loadRoutingSnapshot, routingSettingsFrom } from './load-snapshot.ts';
import { loadHandoffPolicy } from '../policy/handoff-policy.ts';
import { statusOf } from '../policy/business-hours.ts';

/** Handle times the wait estimate learns from (R12): the workspace's latest completions. */
const RECENT_COMPLETIONS = 50;

/**
 * GET /conversations/:id/explain (SPEC §5 "Why"). The engine is rebuilt from
 * the tables in one read transaction — the truth every process shares, not
 * this process's cache — and asked; it routes nothing.
 */
export async function explainConversation(deps: Deps, p: Principal, id: string, at?: string) {
  const moment = at === undefined ? undefined : parseMoment(at, deps.clock.now());
  const conv = await deps.db.selectFrom('conversations').selectAll().where('workspace_id', '=', p.workspaceId).where('id', '=', id).executeTakeFirst();
  if (!conv) throw new DomainError('NOT_FOUND', `no conversation ${id}`);
  await assertMayRead(deps, p, conv);
  if (moment !== undefined) {
    const ws = await deps.db.selectFrom('workspaces').select('routing_settings').where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
    return explainAt(deps, conv, moment, routingSettingsFrom(ws.routing_settings));
  }
  const assigned = await deps.db
    .selectFrom('conversation_events').select(['cause', sql<string | null>`data->>'agentId'`.as('agent_id')])
    .where('conversation_id', '=', id).where('type', '=', 'assigned').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const rule = assigned?.cause ?? null;
  // Read before the transaction: with the embedded database there is one connection.
  const rate = serviceRatePerSeat(averageHandleTime(await recentHandleSeconds(deps, p.workspaceId)));
  const { explanation, estimate } = await deps.db.transaction().execute(async (trx) => {
    const ws = await trx.selectFrom('workspaces').select('routing_settings').where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
    const engine = new RoutingEngine(await loadRoutingSnapshot(trx, p.workspaceId, routingSettingsFrom(ws.routing_settings)));
    const standing = engine.queueStanding(id);
    const explanation = engine.explain(id, rule);
    // R11: a conversation queued out of hours waits for the opening, whoever is ready.
    if (explanation && explanation.blockers.length > 0) {
      const hours = statusOf((await loadHandoffPolicy({ db: trx }, conv)).schedule, deps.clock.now());
      if (!hours.open && hours.opensAt) {
        const detail = `outside business hours: closed until ${hours.opensAt.weekday} ${hours.opensAt.date} ${hours.opensAt.time} (${hours.timezone})`;
        explanation.blockers.unshift({ code: 'OUTSIDE_BUSINESS_HOURS', detail });
      }
    }
    return { explanation, estimate: standing ? estimateWaitSeconds({ ...standing, serviceRatePerSeat: rate }) : null };
  });
  return shape(conv.status, explanation, estimate, conv.assignee_id ?? assigned?.agent_id ?? null, rule);
}

function shape(status: string, e: RoutingExplanation | null, estimate: number | null, agentId: string | null, rule: string | null) {
  const decided = (status === 'processing' || status === 'completed') && agentId !== null && rule !== null;
  return {
    status,
    queuePosition: e?.queuePosition ?? null,
    estimatedWaitSeconds: estimate === null ? null : Math.round(estimate),
    blockers: e?.blockers ?? [],
    // A completed conversation's candidates belong to a past moment: that is `?at=`'s job, so none are claimed here.
    decision: decided ? { agentId, rule, candidates: status === 'processing' ? (e?.candidates ?? []) : [] } : null,
    /** While it waits: every agent and why it cannot (or could) take it now. */
    candidates: decided ? undefined : (e?.candidates ?? []),
  };
}

async function recentHandleSeconds(deps: Deps, workspaceId: string): Promise<number[]> {
  const rows = await sql<{ seconds: number }>`
    SELECT (c.closed_at - (SELECT min(e.at) FROM conversation_events e WHERE e.conversation_id = c.id AND e.type = 'assigned'))::float8 / 1000 AS seconds
    FROM conversations c
    WHERE c.workspace_id = ${workspaceId} AND c.status = 'completed' AND c.assignee_id IS NOT NULL AND c.closed_at IS NOT NULL
    ORDER BY c.closed_at DESC LIMIT ${RECENT_COMPLETIONS}`.execute(deps.db);
  return rows.rows.map((r) => r.seconds).filter((s) => Number.isFinite(s) && s >= 0).reverse();
}
