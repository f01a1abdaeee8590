import { decisionLine } from './decisions.ts';
import { FactsReader, type DayFacts } from './facts.ts';
import { RecordingReader } from './recording.ts';
import { Simulator } from './simulator.ts';
import { isWhatIf, type DecisionLine, type RecordedInput, type ReplayOptions, type ReplayResult } from './types.ts';

/** How long past `to` a run goes on, so the period's hand-offs can still be answered or leave (docs/metrics.md counts them). */
export const DRAIN_MS = 2 * 60 * 60_000;

/**
 * A replay or what-if over a recording that fits in memory (tests, the
 * bench); the server feeds the same classes page by page
 * (apps/server/src/simulations/). A replay (no overrides) is one pass: the
 * reader and the simulator take each input in turn. A what-if is two: it
 * draws from the whole period's distributions and needs each episode's
 * answers before its own run reaches them. `passes: 2` runs a replay the
 * two-pass way too (the tests hold both to the recording).
 */
export function replayRecording(
  inputs: Iterable<RecordedInput>,
  options: ReplayOptions,
  how: { passes?: 1 | 2 } = {},
): { result: ReplayResult; decisions: DecisionLine[] } {
  const end = options.to + DRAIN_MS;
  const reader = new RecordingReader(end, options);
  const onePass = !isWhatIf(options.overrides) && how.passes !== 2;
  if (!onePass) for (const input of inputs) reader.feed(input);
  const sim = new Simulator(onePass ? reader : reader.result(), { ...options, end });
  const decisions: DecisionLine[] = [];
  sim.run.observers.push((d, at) => {
    if (at >= options.from) decisions.push(decisionLine(d, at));
  });
  for (const input of inputs) {
    if (onePass) reader.feed(input);
    sim.feed(input);
  }
  return { result: sim.result(), decisions };
}

/**
 * A replay over stretches of the recording that each come with their reader
 * facts (facts.ts; the server's compacted days): the simulator alone, no
 * reader engine. `start`: the checkpoint the first stretch follows, or none
 * when it begins with the origin.
 */
export function replayFacts(
  stretches: Iterable<{ inputs: readonly RecordedInput[]; facts: DayFacts }>,
  options: ReplayOptions,
  start: RecordedInput | null = null,
): { result: ReplayResult; decisions: DecisionLine[] } {
  if (isWhatIf(options.overrides)) throw new Error('a what-if learns the whole recording first (two passes)');
  const end = options.to + DRAIN_MS;
  const reader = new FactsReader(end, options);
  const sim = new Simulator(reader, { ...options, end });
  const decisions: DecisionLine[] = [];
  sim.run.observers.push((d, at) => {
    if (at >= options.from) decisions.push(decisionLine(d, at));
  });
  if (start?.kind === 'origin') {
    reader.origin(start.snapshot, start.at);
    sim.feed(start);
  }
  for (const { inputs, facts } of stretches) {
    for (let i = 0; i < inputs.length; i++) {
      reader.feed(inputs[i], facts, i);
      sim.feed(inputs[i]);
    }
  }
  return { result: sim.result(), decisions };
}

/**
 * A what-if over stretches that each come with their reader facts (decision
 * 0029): two passes, the first learning the period's episodes and
 * distributions from the facts (no reader engine), the second simulating.
 * The facts must carry the recorded offers (`DayFacts.offers`).
 */
export function whatIfFacts(
  stretches: ReadonlyArray<{ inputs: readonly RecordedInput[]; facts: DayFacts }>,
  options: ReplayOptions,
  start: RecordedInput | null = null,
): ReplayResult {
  const end = options.to + DRAIN_MS;
  const reader = new FactsReader(end, options, { whatIf: true });
  if (start?.kind === 'origin') reader.origin(start.snapshot, start.at);
  for (const { inputs, facts } of stretches) for (let i = 0; i < inputs.length; i++) reader.feed(inputs[i], facts, i);
  const sim = new Simulator(reader.recording(), { ...options, end });
  if (start) sim.feed(start);
  for (const { inputs, facts } of stretches) {
    for (let i = 0; i < inputs.length; i++) {
      reader.position(facts.roles, i);
      sim.feed(inputs[i]);
    }
  }
  return sim.result();
}
