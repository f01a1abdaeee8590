import type { RoutingEngine, RoutingEvent, RoutingSnapshot } from '@switchboard/core';
import { sql } from 'kysely';
import type { Tx } from '../platform/tx.ts';

/**
 * How far behind a cached engine may be and still catch up; further, reading
 * the tables afresh is as cheap as reading that many inputs.
 */
export const MAX_CATCH_UP_VERSIONS = 2000;

/**
 * Brings a cached engine of version `from` up to `to` by feeding it, in lock
 * order, the inputs the routing transactions in between fed their engines
 * (the input log, routing-inputs.ts; decision 0038-engine-catches-up). The
 * engine is a deterministic function of its inputs and their times, so the
 * engine then stands where those transactions left theirs: what another
 * process routed since costs one read of a few rows, not the whole of the
 * workspace's agents and open conversations (load-snapshot.ts).
 *
 * Answers false, the engine untouched, when the log cannot say: too far
 * behind, a day of it compacted since (replay-days.ts moves rows out of
 * routing_inputs), or a recording that started in between (an origin row).
 * The caller then builds the engine from the tables. Called under the
 * workspace's lock, so no routing transaction commits meanwhile.
 */
export async function catchUp(tx: Tx, workspaceId: string, engine: RoutingEngine, from: number, to: number): Promise<boolean> {
  if (to - from > MAX_CATCH_UP_VERSIONS) return false;
  const { rows } = await sql<{ at: number | string; kind: string; event: RoutingEvent | null }>`
    SELECT version, seq, at, kind, event FROM routing_inputs
    WHERE workspace_id = ${workspaceId} AND version > ${from}::int8 AND version <= ${to}::int8
    UNION ALL
    SELECT last_version, -1, 0, 'compacted', NULL FROM routing_input_days
    WHERE workspace_id = ${workspaceId} AND last_version > ${from}::int8
    ORDER BY 1, 2`.execute(tx.db);
  if (rows.some((r) => r.kind === 'compacted' || r.kind === 'origin' || r.event === null)) return false;
  for (const r of rows) engine.apply(r.event!, Number(r.at));
  return true;
}

/**
 * The same state told apart from how it is held: agents and conversations by
 * id, sets in order. Whether a caught-up engine and one built from the tables
 * agree (ROUTING_VERIFY_CATCH_UP, the two-process tests).
 */
export function canonicalSnapshot(snapshot: RoutingSnapshot): string {
  const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return JSON.stringify({
    settings: sortKeys(snapshot.settings),
    agents: byId(snapshot.agents).map(sortKeys),
    conversations: byId(snapshot.conversations).map((c) => sortKeys({ ...c, declinedBy: [...(c.declinedBy ?? [])].sort() })),
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, sortKeys(v)]),
  );
}
