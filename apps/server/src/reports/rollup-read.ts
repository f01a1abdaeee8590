import { COUNTERS, coverPeriod, localParts, zeroCounters, type CounterName, type Counters, type RollupDim, type RollupSpan } from '@switchboard/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { COLUMN } from './rollup-job.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface RollupScope {
  workspaceId: string;
  from: number;
  to: number;
  channelId?: string;
  skill?: string;
}

/** What a table is split by: nothing, the channel, the requirement group, the agent or tag id, or the hour bucket. */
export type SplitBy = 'none' | 'channel' | 'group' | 'dimId' | 'bucket';

const splitColumn: Record<SplitBy, string> = { none: "''", channel: 'channel_id', group: 'group_key', dimId: 'dim_id', bucket: 'bucket::text' };

/**
 * Σ counters over [from, to): whole local months, days and hours from the
 * rollups (coarsest first, no coarser than `coarsest`), the ragged edges
 * (the hours the period cuts) from the facts of the conversations handed off
 * there — so any period is exact, and a year reads about 12 month rows per
 * channel × group plus the days and hours at its ends.
 */
export async function sumRollups(db: Db, scope: RollupScope, dim: RollupDim, by: SplitBy, timeZone = 'UTC', coarsest: RollupSpan = 'm'): Promise<Map<string, Counters>> {
  const cover = coverPeriod(scope.from, scope.to, timeZone, coarsest);
  const filters = sql`${scope.channelId === undefined ? sql`` : sql`AND channel_id = ${scope.channelId}`}
    ${scope.skill === undefined ? sql`` : sql`AND position((',' || ${scope.skill}::text || ',') in (',' || group_key || ',')) > 0`}`;
  const sums = COUNTERS.map((c) => sql.raw(`sum(${COLUMN[c]})::float8 AS "${c}"`));
  const split = sql.raw(splitColumn[by]);
  const out = new Map<string, Counters>();
  const of = (key: string) => out.get(key) ?? out.set(key, zeroCounters()).get(key)!;
  if (cover.rollups.length > 0) {
    const ranges = sql.join(cover.rollups.map((r) => sql`(span = ${r.span} AND bucket >= ${r.from}::int8 AND bucket < ${r.to}::int8)`), sql` OR `);
    const whole = await sql<Record<string, number> & { split: string }>`
      SELECT ${split} AS split, ${sql.join(sums)} FROM report_rollups
      WHERE workspace_id = ${scope.workspaceId} AND dim = ${dim} AND (${ranges}) ${filters}
      GROUP BY 1`.execute(db);
    for (const r of whole.rows) {
      const c = of(r.split);
      for (const name of COUNTERS) c[name] += Number(r[name] ?? 0);
    }
  }
  if (cover.facts.length > 0) {
    for (const r of await sumCutHours(db, scope, dim, by, cover.facts, filters)) {
      const key = dim === 'hod' && by === 'dimId' ? String(hourOfDay(Number(r.bucket), timeZone)) : r.split;
      const c = of(key);
      for (const name of COUNTERS) c[name] += Number(r[name] ?? 0);
    }
  }
  return out;
}

/**
 * What one fact adds to a row of each dimension (factContributions in
 * @switchboard/core), as SQL over `report_facts f` and, for agents, one
 * element `a` of its `agents`: a conversation's counters for 'all', 'tag'
 * and 'hod'; the agent's own part for 'agent'.
 */
const FACT_SUMS: Record<CounterName, string> = {
  handled: 'count(*) FILTER (WHERE f.answered_at IS NOT NULL)',
  abandoned: 'count(*) FILTER (WHERE f.abandoned)',
  shortAbandoned: 'count(*) FILTER (WHERE f.short_abandon)',
  withinTarget: 'count(*) FILTER (WHERE f.answered_at IS NOT NULL AND f.within_target)',
  waitMs: 'sum(f.wait_ms) FILTER (WHERE f.answered_at IS NOT NULL)',
  firstResponseMs: 'sum(f.first_response_ms)',
  firstResponseN: 'count(f.first_response_ms)',
  handleMs: 'sum(f.handle_ms)',
  handleN: 'count(f.handle_ms)',
  transfers: 'sum(f.transfers)',
  csatSum: 'sum(f.csat)',
  csatN: 'count(f.csat)',
  segments: '0',
  transfersIn: '0',
  transfersOut: '0',
  wrapUpMs: 'sum(f.wrap_up_ms)',
  wrapUpN: 'count(f.wrap_up_ms)',
};
const part = (name: string) => `sum((a->>'${name}')::int8)`;
const AGENT_SUMS: Record<CounterName, string> = {
  handled: part('handled'), abandoned: '0', shortAbandoned: '0', withinTarget: '0', waitMs: '0',
  firstResponseMs: part('firstResponseMs'), firstResponseN: part('firstResponseN'), handleMs: part('handleMs'), handleN: part('handled'),
  transfers: '0', csatSum: '0', csatN: '0', segments: part('segments'), transfersIn: part('transfersIn'), transfersOut: part('transfersOut'),
  wrapUpMs: part('wrapUpMs'), wrapUpN: part('wrapUpN'),
};

/** The split of a cut-hour sum, per dimension; 'hod' keeps the hour bucket and its hour of day is named in JS, once per bucket. */
function factSplit(dim: RollupDim, by: SplitBy): string {
  if (by === 'none') return "''";
  if (by === 'channel') return 'f.channel_id';
  if (by === 'group') return 'f.group_key';
  if (by === 'bucket') return 'f.bucket::text';
  return dim === 'agent' ? "a->>'agentId'" : dim === 'tag' ? 't.tag_id' : "''";
}

/**
 * Σ over the cut hours' facts, summed by the database for the one dimension
 * asked: a report ships a few rows, not every fact of its ends as JSON.
 */
async function sumCutHours(db: Db, scope: RollupScope, dim: RollupDim, by: SplitBy, edges: Array<{ from: number; to: number }>, filters: ReturnType<typeof sql>) {
  const within = sql.join(edges.map((e) => sql`(f.handoff_at >= ${e.from}::int8 AND f.handoff_at < ${e.to}::int8)`), sql` OR `);
  const sums = dim === 'agent' ? AGENT_SUMS : FACT_SUMS;
  const columns = sql.raw(COUNTERS.map((c) => `(${sums[c]})::float8 AS "${c}"`).join(', '));
  const from = dim === 'agent' ? sql`report_facts f CROSS JOIN LATERAL jsonb_array_elements(f.agents) a` : dim === 'tag' ? sql`report_facts f CROSS JOIN LATERAL jsonb_array_elements_text(f.tag_ids) t(tag_id)` : sql`report_facts f`;
  const rows = await sql<Record<CounterName, number | null> & { split: string; bucket: string }>`
    SELECT ${sql.raw(factSplit(dim, by))} AS split, ${sql.raw(dim === 'hod' ? 'f.bucket' : '0')} AS bucket, ${columns}
    FROM ${from} WHERE f.workspace_id = ${scope.workspaceId} AND (${within}) ${filters}
    GROUP BY 1, 2`.execute(db);
  return rows.rows;
}

/** Local hour of day of an hour bucket: one zone lookup per bucket (a report has at most a few cut ones). */
const hourCache = new Map<string, number>();
function hourOfDay(bucket: number, timeZone: string): number {
  const key = `${timeZone} ${bucket}`;
  let hour = hourCache.get(key);
  if (hour === undefined) {
    if (hourCache.size > 10_000) hourCache.clear();
    hour = localParts(bucket, timeZone).hour;
    hourCache.set(key, hour);
  }
  return hour;
}
