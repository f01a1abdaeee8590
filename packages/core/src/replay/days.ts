import { RoutingEngine } from '../routing/engine.ts';
import type { RoutingEvent, RoutingSnapshot } from '../routing/types.ts';
import { inputKey, type RecordedInput } from './types.ts';

/**
 * Replay days (decision 0022-replay-days): a finished day of the recording is
 * kept as one compact row — its inputs in lock order as one JSON array, and
 * the engine's state after the last of them (the checkpoint). A replay of a
 * later period starts from the checkpoint of the day before it instead of
 * the origin, and reads a day in one row.
 */

/** An input as stored in a day: [key, at, event, note] or, for the origin, [key, at, null, null, snapshot]. */
type Stored = [number, number, RoutingEvent, string | null] | [number, number, null, null, RoutingSnapshot];

export function encodeInputs(inputs: readonly RecordedInput[]): string {
  const rows: Stored[] = inputs.map((i) => (i.kind === 'origin' ? [i.key, i.at, null, null, i.snapshot] : [i.key, i.at, i.event, i.note]));
  return JSON.stringify(rows);
}

export function decodeInputs(text: string): RecordedInput[] {
  const rows = JSON.parse(text) as Stored[];
  const out: RecordedInput[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    out[i] = r[2] === null ? { key: r[0], at: r[1], kind: 'origin', snapshot: r[4]! } : { key: r[0], at: r[1], kind: 'event', event: r[2], note: r[3] };
  }
  return out;
}

/**
 * The checkpoint as an input: the engine's state after the day whose last
 * routing_version is `lastVersion`, placed after every input of that version
 * and before the next, so a replay starts there as it would at the origin.
 */
export function checkpointInput(snapshot: RoutingSnapshot, lastVersion: number, lastAt: number): RecordedInput {
  return { key: inputKey(lastVersion, 1_048_575), at: lastAt, kind: 'origin', snapshot };
}

/** The recorded inputs fed as they were to one engine, to take its state at a day's end. */
export class CheckpointRun {
  private engine: RoutingEngine | null;

  constructor(start: RoutingSnapshot | null) {
    this.engine = start ? new RoutingEngine(start) : null;
  }

  feed(input: RecordedInput): void {
    if (input.kind === 'origin') this.engine = new RoutingEngine(input.snapshot);
    else this.engine?.apply(input.event, input.at);
  }

  /** The engine's state now; null if no origin was fed yet. */
  snapshot(): RoutingSnapshot | null {
    return this.engine?.snapshot() ?? null;
  }
}
