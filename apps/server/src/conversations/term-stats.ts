import type { QueryTerm } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';

/**
 * How common a query's terms are, from PostgreSQL's own statistics of
 * messages.search (pg_stats: the most common lexemes and their share of
 * rows, refreshed by ANALYZE). A term that is not among them is rarer than
 * the rarest that is. Read once a minute per process.
 */
interface Stats {
  at: number;
  freq: Map<string, number>;
  floor: number;
}

const REFRESH_MS = 60_000;
let cached: Stats | null = null;

async function load(deps: Deps): Promise<Stats> {
  const now = Date.now();
  if (cached && now - cached.at < REFRESH_MS) return cached;
  const { rows } = await sql<{ elems: string[] | null; freqs: number[] | null }>`
    SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs
    FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'messages' AND attname = 'search'`
    .execute(deps.db)
    .catch(() => ({ rows: [] as Array<{ elems: string[] | null; freqs: number[] | null }> }));
  const freq = new Map<string, number>();
  const elems = rows[0]?.elems ?? [];
  const freqs = rows[0]?.freqs ?? [];
  elems.forEach((e, i) => freq.set(e, Number(freqs[i])));
  // After the elements' own shares come the minimum and maximum share: the minimum bounds every unlisted term.
  const floor = elems.length > 0 ? Number(freqs[elems.length] ?? 0) : 0;
  cached = { at: now, freq, floor };
  return cached;
}

/** An upper bound on the share of messages holding every term (all terms AND: the rarest bounds it). */
export async function estimatedShare(deps: Deps, terms: QueryTerm[]): Promise<number> {
  const stats = await load(deps);
  let share = 1;
  for (const t of terms) {
    let f = stats.freq.get(t.term) ?? 0;
    if (t.prefix) for (const [term, v] of stats.freq) if (term !== t.term && term.startsWith(t.term)) f += v;
    share = Math.min(share, f > 0 ? f : stats.floor);
  }
  return share;
}
