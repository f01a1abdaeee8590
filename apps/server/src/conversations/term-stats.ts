import type { QueryTerm } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';

/**
 * How common a query's terms are, from PostgreSQL's own statistics of
 * messages.search (pg_stats: the most common lexemes and their share of
 * rows, refreshed by ANALYZE). Read once a minute per process.
 */
interface Stats {
  at: number;
  freq: Map<string, number>;
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
  cached = { at: now, freq };
  return cached;
}

/**
 * An upper bound on the share of messages holding every term (all terms AND:
 * the rarest bounds it). A term the statistics do not list is taken as rare:
 * when the list holds every lexeme it does not occur at all, and otherwise it
 * is below the list's cut-off; either way the GIN index answers it best.
 */
export async function estimatedShare(deps: Deps, terms: QueryTerm[]): Promise<number> {
  const stats = await load(deps);
  let share = 1;
  for (const t of terms) {
    let f = stats.freq.get(t.term) ?? 0;
    if (t.prefix) for (const [term, v] of stats.freq) if (term !== t.term && term.startsWith(t.term)) f += v;
    share = Math.min(share, f);
  }
  return share;
}
