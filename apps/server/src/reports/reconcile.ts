import { COUNTERS, coverPeriod, localHourStart, rollupDelta, rollupKeyString, type Counters, type RollupKey } from '@switchboard/core';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { COLUMN, foldFacts, rollupOptions } from './rollup-job.ts';

const HOUR = 3_600_000;
const CHUNK = 1000;

export interface Difference {
  key: RollupKey;
  counter: string;
  rollup: number;
  recount: number;
}

export interface Reconciliation {
  workspaceId: string;
  from: string;
  to: string;
  conversations: number;
  rollupRows: number;
  differences: Difference[];
}

/**
 * The reconciliation check (issue #16): recounts [from, to) — widened to
 * whole local hours — from the raw history (conversation_events, messages,
 * conversation_tags, conversations) by the same pure folding, and compares
 * every counter of every rollup row with the recount. 0 differences means
 * every report figure of the period is what the history says.
 */
export async function reconcile(db: Kysely<DB>, workspaceId: string, fromMs: number, toMs: number): Promise<Reconciliation> {
  const options = await rollupOptions(db, workspaceId);
  const from = localHourStart(fromMs, options.timeZone);
  const lastHour = localHourStart(toMs - 1, options.timeZone);
  const to = lastHour + HOUR;
  const cohort = await sql<{ conversation_id: string }>`
    SELECT conversation_id FROM conversation_events
    WHERE workspace_id = ${workspaceId} AND type = 'status_changed' AND to_status = 'waiting' AND cause <> 'transfer'
    GROUP BY conversation_id HAVING min(at) >= ${from}::int8 AND min(at) < ${to}::int8`.execute(db);
  const ids = cohort.rows.map((r) => r.conversation_id);
  const recount = new Map<string, { key: RollupKey; counters: Counters }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const facts = await foldFacts(db, workspaceId, ids.slice(i, i + CHUNK), options);
    for (const fact of facts.values()) rollupDelta(null, fact, options.timeZone, recount);
  }
  // Hour rows of the period; day and month rows wholly inside it (a month row also counts hours outside a shorter period).
  const cover = coverPeriod(from, to, options.timeZone);
  const inside = sql.join(cover.rollups.map((r) => sql`(span = ${r.span} AND bucket >= ${r.from}::int8 AND bucket < ${r.to}::int8)`).concat([sql`(span = 'h' AND bucket >= ${from}::int8 AND bucket < ${to}::int8)`]), sql` OR `);
  const rows = await sql<Record<string, string | number> & { dim: RollupKey['dim']; span: RollupKey['span']; bucket: number; channel_id: string; group_key: string; dim_id: string }>`
    SELECT * FROM report_rollups WHERE workspace_id = ${workspaceId} AND (${inside})`.execute(db);
  const wanted = (k: RollupKey) => k.span === 'h' || cover.rollups.some((r) => r.span === k.span && k.bucket >= r.from && k.bucket < r.to);
  for (const [id, row] of recount) if (!wanted(row.key)) recount.delete(id);
  const differences: Difference[] = [];
  const seen = new Set<string>();
  for (const r of rows.rows) {
    const key: RollupKey = { dim: r.dim, span: r.span, bucket: Number(r.bucket), channelId: r.channel_id, groupKey: r.group_key, dimId: r.dim_id };
    const id = rollupKeyString(key);
    seen.add(id);
    const expected = recount.get(id)?.counters;
    for (const c of COUNTERS) {
      const rollup = Number(r[COLUMN[c]]);
      const want = expected?.[c] ?? 0;
      if (rollup !== want) differences.push({ key, counter: c, rollup, recount: want });
    }
  }
  for (const [id, { key, counters }] of recount) {
    if (seen.has(id)) continue;
    for (const c of COUNTERS) if (counters[c] !== 0) differences.push({ key, counter: c, rollup: 0, recount: counters[c] });
  }
  return { workspaceId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), conversations: ids.length, rollupRows: rows.rows.length, differences };
}
