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
