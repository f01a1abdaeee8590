import type { Generated } from 'kysely';
import type { Json } from './schema-columns.ts';

/** Replay and what-if: the engine's recorded inputs and the simulation jobs (simulations/, migration 20261201T1150). */

/** Every event the routing engine was fed, in lock order (migration 20261201T1150_replay). */
export interface RoutingInputsTable {
  workspace_id: string;
  version: number;
  seq: number;
  at: number;
  kind: string;
  event: Json<Record<string, unknown>>;
  note: string | null;
}

/** A compacted UTC day of routing_inputs with the engine's state after it (migration 20261201T1200_replay-days). */
export interface RoutingInputDaysTable {
  workspace_id: string;
  day: number;
  first_version: number;
  last_version: number;
  inputs: number;
  first_at: number;
  last_at: number;
  /** gzip(JSON [[key, at, event, note] | [key, at, null, null, origin snapshot], ...]), core replay/days.ts. */
  data: Uint8Array;
  /** gzip(JSON RoutingSnapshot) after the day's last input. */
  checkpoint: Uint8Array;
  /** gzip(JSON DayFacts), core replay/facts.ts (migration 20261201T1320_replay-facts); null for days compacted before it. */
  facts: Uint8Array | null;
}

export interface SimulationsTable {
  id: string;
  workspace_id: string;
  status: string;
  request: Json<Record<string, unknown>>;
  result: Json<Record<string, unknown> | null>;
  error: string | null;
  progress: Generated<number>;
  lease_until: number | null;
  attempts: Generated<number>;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
