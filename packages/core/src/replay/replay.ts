import { decisionLine } from './decisions.ts';
import { RecordingReader } from './recording.ts';
import { Simulator } from './simulator.ts';
import type { DecisionLine, RecordedInput, ReplayOptions, ReplayResult } from './types.ts';

/** How long past `to` a run goes on, so the period's hand-offs can still be answered or leave (docs/metrics.md counts them). */
export const DRAIN_MS = 2 * 60 * 60_000;

/**
 * The two passes over a recording, for inputs that fit in memory (tests, the
 * bench). The server feeds both passes page by page instead
 * (apps/server/src/simulations/).
 */
export function replayRecording(inputs: Iterable<RecordedInput>, options: ReplayOptions): { result: ReplayResult; decisions: DecisionLine[] } {
  const end = options.to + DRAIN_MS;
  const reader = new RecordingReader(end, options);
  for (const input of inputs) reader.feed(input);
  const sim = new Simulator(reader.result(), { ...options, end });
  const decisions: DecisionLine[] = [];
  sim.run.observers.push((d, at) => {
    if (at >= options.from) decisions.push(decisionLine(d, at));
  });
  for (const input of inputs) sim.feed(input);
  return { result: sim.result(), decisions };
}
