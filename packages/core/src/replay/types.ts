import type { RoutingEvent, RoutingMode, RoutingSnapshot, RelaxationPolicy } from '../routing/types.ts';

/**
 * Replay and what-if (SPEC §5 What-if, docs/what-if.md). The recording is the
 * routing engine's input log: every event it was fed, in the order of the
 * workspace's routing lock, with the time it was fed at.
 */
export type RecordedInput =
  { key: number; at: number; kind: 'origin'; snapshot: RoutingSnapshot } | { key: number; at: number; kind: 'event'; event: RoutingEvent; note: string | null };

/** An input's place in the recorded order: routing_version × 2^20 + its place in the transaction. */
export function inputKey(version: number, seq: number): number {
  return version * 1_048_576 + seq;
}

export interface AddedAgent {
  skills: ReadonlyArray<string | { name: string; level: number }>;
  capacity?: number;
}

/** What a what-if changes, from `from` on (SPEC §5 POST /simulations). No key set = a replay. */
export interface WhatIfOverrides {
  dispatchPerAgent?: number;
  mode?: RoutingMode;
  offerTimeoutSeconds?: number;
  /** Every agent's capacity. */
  capacity?: number;
  stickyAgent?: boolean;
  /** R10 policy for every hand-off in the period; null = none. */
  relaxation?: RelaxationPolicy | null;
  addAgents?: AddedAgent[];
  removeAgents?: string[];
  /** Arrivals scaled: 0.5 keeps about half (chosen by id), 2 adds a copy of each within 15 minutes. */
  arrivalFactor?: number;
}

export interface ReplayOptions {
  from: number;
  to: number;
  overrides?: WhatIfOverrides;
  /** Service level threshold and short-abandon cut (routing settings, docs/metrics.md). */
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
}

export function isWhatIf(overrides: WhatIfOverrides | undefined): boolean {
  return !!overrides && Object.values(overrides).some((v) => v !== undefined);
}

/** One routing decision with its time, as the comparison reads it. */
export type DecisionLine = string;

export interface Figures {
  /** Hand-offs in the period (each time a conversation asked for a person). */
  conversations: number;
  handled: number;
  abandoned: number;
  meanWaitSeconds: number | null;
  p50WaitSeconds: number | null;
  p90WaitSeconds: number | null;
  serviceLevel: number | null;
  abandonRate: number | null;
}

export interface QueueFigures {
  skills: string[];
  recorded: Figures;
  simulated: Figures;
}

export interface AgentOccupancy {
  agentId: string;
  recorded: number | null;
  simulated: number | null;
}

export interface ReplayResult {
  from: number;
  to: number;
  whatIf: boolean;
  recorded: Figures;
  simulated: Figures;
  queues: QueueFigures[];
  agents: AgentOccupancy[];
  /** Inputs read (each pass) and events the simulation ran. */
  inputs: number;
  simulatedEvents: number;
}
