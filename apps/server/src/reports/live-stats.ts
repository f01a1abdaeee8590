import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';

const WINDOW_MINUTES = 60;

/**
 * The supervisor's last-hour numbers. Wait = first assignment − handoff, for
 * conversations first assigned inside the window. Computed from the history
 * table, which is the truth every process shares.
 */
export async function liveStats(deps: Deps, p: Principal) {
  const since = deps.clock.now() - WINDOW_MINUTES * 60_000;
  const waits = await sql<{ n: number; avg: number | null; p90: number | null; within60: number }>`
    SELECT count(*)::int AS n,
           avg(wait)::float8 AS avg,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY wait)::float8 AS p90,
           count(*) FILTER (WHERE wait <= 60000)::int AS within60
    FROM (
      SELECT min(e.at) - c.handoff_at AS wait
      FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
      WHERE e.workspace_id = ${p.workspaceId} AND e.type = 'assigned' AND c.handoff_at IS NOT NULL
      GROUP BY c.id, c.handoff_at
      HAVING min(e.at) >= ${since}
    ) w`.execute(deps.db);
  const closed = await sql<{ handled: number; abandoned: number }>`
    SELECT count(*) FILTER (WHERE assignee_id IS NOT NULL AND close_reason IS DISTINCT FROM 'abandoned')::int AS handled,
           count(*) FILTER (WHERE close_reason = 'abandoned')::int AS abandoned
    FROM conversations
    WHERE workspace_id = ${p.workspaceId} AND status = 'completed' AND closed_at >= ${since}`.execute(deps.db);
  const w = waits.rows[0]!;
  const c = closed.rows[0]!;
  return {
    windowMinutes: WINDOW_MINUTES,
    handled: c.handled,
    abandoned: c.abandoned,
    answered: w.n,
    averageWaitSeconds: w.avg === null ? null : Math.round(w.avg / 100) / 10,
    p90WaitSeconds: w.p90 === null ? null : Math.round(w.p90 / 100) / 10,
    answeredWithin60sShare: w.n === 0 ? null : w.within60 / w.n,
  };
}
