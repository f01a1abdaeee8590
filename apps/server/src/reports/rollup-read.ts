import { addCounters, COUNTERS, coverPeriod, factContributions, zeroCounters, type Counters, type RollupDim, type RollupKey, type RollupSpan } from '@switchboard/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { COLUMN, FACT_COLUMNS, factOfRow } from './rollup-job.ts';

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
const splitOfKey = (k: RollupKey, by: SplitBy) => (by === 'none' ? '' : by === 'channel' ? k.channelId : by === 'group' ? k.groupKey : by === 'dimId' ? k.dimId : String(k.bucket));

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
    const edges = sql.join(cover.facts.map((e) => sql`(handoff_at >= ${e.from}::int8 AND handoff_at < ${e.to}::int8)`), sql` OR `);
    const rows = await sql<Parameters<typeof factOfRow>[0]>`
      SELECT ${FACT_COLUMNS} FROM report_facts WHERE workspace_id = ${scope.workspaceId} AND (${edges}) ${filters}`.execute(db);
    for (const row of rows.rows) {
      for (const { key, counters } of factContributions(factOfRow(row), timeZone)) if (key.dim === dim) addCounters(of(splitOfKey(key, by)), counters);
    }
  }
  return out;
}
