import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import { cohortSql, type ReportScope } from './report-history.ts';

/**
 * The agent-tools figures of the period's conversations (docs/metrics.md):
 * satisfaction ratings recorded on them, and wrap-up time (close → wrap-up
 * end) apart from conversation time (averageHandleSeconds, answer → close).
 */
export async function agentToolFigures(deps: Deps, scope: ReportScope) {
  const row = await sql<{ responses: number; average: string | null; wrap_ups: number; wrap_up_ms: string | null }>`
    SELECT count(c.csat_rating)::int AS responses, avg(c.csat_rating) AS average,
           count(c.wrap_up_ended_at)::int AS wrap_ups, avg(c.wrap_up_ended_at - c.closed_at) AS wrap_up_ms
    FROM conversations c WHERE c.id IN (${cohortSql(scope)})`.execute(deps.db);
  const r = row.rows[0]!;
  const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
  return {
    csat: { responses: Number(r.responses), average: r.average === null ? null : round(Number(r.average), 2) },
    averageWrapUpSeconds: r.wrap_up_ms === null ? null : round(Number(r.wrap_up_ms) / 1000, 1),
  };
}
