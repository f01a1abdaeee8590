import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  CheckpointRun,
  FactsRecorder,
  decisionLine,
  decodeInputs,
  encodeInputs,
  replayFacts,
  replayRecording,
  type RecordedInput,
  type RoutingSnapshot,
} from '../../src/index.ts';
import { runChecked, scenarioArb, type Scenario } from '../routing/support/random-events.ts';

/** A scenario as the server would have recorded it: the origin, then one routing transaction per event. */
function recordingOf(scenario: Scenario) {
  const run = runChecked(scenario);
  const start = run.events[0]?.now ?? 0;
  const inputs: RecordedInput[] = [{ key: 0, at: start, kind: 'origin', snapshot: scenario.snapshot }];
  run.events.forEach(({ event, now }, i) => {
    const note = event.type === 'conversation_closed' ? 'completed:closed_by_agent' : null;
    inputs.push({ key: i + 1, at: now, kind: 'event', event: JSON.parse(JSON.stringify(event)), note });
  });
  const byInput = [[], ...run.events.map(({ now }, i) => run.decisions[i].map((d) => decisionLine(d, now)))];
  return { inputs, recorded: byInput.flat(), byInput, start, end: run.events.at(-1)?.now ?? start };
}

const options = (from: number, to: number) => ({ from, to, serviceLevelSeconds: 20, shortAbandonSeconds: 0 });

describe('replay of a recorded history', () => {
  test('with no overrides every recorded decision comes out the same, in the same order, at the same time', () => {
    fc.assert(
      fc.property(scenarioArb(60), (scenario) => {
        const { inputs, recorded, start, end } = recordingOf(scenario);
        // One pass (as a replay runs) and two (as a what-if runs): both make the recorded decisions.
        expect(replayRecording(inputs, options(start, end + 1)).decisions).toEqual(recorded);
        expect(replayRecording(inputs, options(start, end + 1), { passes: 2 }).decisions).toEqual(recorded);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  test('a replay of part of the period reproduces that part', () => {
    fc.assert(
      fc.property(scenarioArb(40), fc.nat(), (scenario, cut) => {
        const { inputs, recorded, start, end } = recordingOf(scenario);
        const from = start + (cut % (end - start + 1));
        const part = recorded.filter((line) => Number(line.split(' ')[0]) >= from);
        expect(replayRecording(inputs, options(from, end + 1)).decisions).toEqual(part);
        expect(replayRecording(inputs, options(from, end + 1), { passes: 2 }).decisions).toEqual(part);
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  test('a replay that starts from a day checkpoint (the engine after some inputs, the rest stored as a day) reproduces what follows', () => {
    fc.assert(
      fc.property(scenarioArb(50), fc.nat(), (scenario, cut) => {
        const { inputs, byInput } = recordingOf(scenario);
        const i = cut % inputs.length;
        const run = new CheckpointRun(null);
        for (const input of inputs.slice(0, i + 1)) run.feed(input);
        const checkpoint: RecordedInput = { key: inputs[i].key, at: inputs[i].at, kind: 'origin', snapshot: JSON.parse(JSON.stringify(run.snapshot())) };
        const rest = decodeInputs(encodeInputs(inputs.slice(i + 1)));
        const from = inputs[i].at;
        const end = inputs.at(-1)!.at;
        const { decisions } = replayRecording([checkpoint, ...rest], options(from, end + 1));
        expect(decisions).toEqual(byInput.slice(i + 1).flat());
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  test('a replay of compacted days from their stored reader facts makes the same decisions and figures as one from the raw inputs', () => {
    fc.assert(
      fc.property(scenarioArb(60), fc.array(fc.nat(), { maxLength: 3 }), fc.boolean(), (scenario, cuts, fromCheckpoint) => {
        const { inputs, recorded, byInput } = recordingOf(scenario);
        // Days: the inputs cut at up to three places; each day's facts are written from the checkpoint before it.
        const bounds = [...new Set(cuts.map((c) => 1 + (c % inputs.length)))].sort((a, b) => a - b);
        const edges = [0, ...bounds.filter((b) => b < inputs.length), inputs.length];
        const days = [];
        let checkpoint: RoutingSnapshot | null = null;
        for (let d = 0; d + 1 < edges.length; d++) {
          const dayInputs = inputs.slice(edges[d], edges[d + 1]);
          const recorder: FactsRecorder = new FactsRecorder(checkpoint, dayInputs[0].at);
          for (const input of dayInputs) recorder.feed(input);
          days.push({ inputs: dayInputs, facts: JSON.parse(JSON.stringify(recorder.take())), checkpoint: JSON.parse(JSON.stringify(recorder.snapshot())) });
          checkpoint = recorder.snapshot();
        }
        // From the origin, or from the checkpoint after the first day (the period then starts there).
        const skip = fromCheckpoint && days.length > 1 ? 1 : 0;
        const start: RecordedInput | null = skip
          ? { key: days[0].inputs.at(-1)!.key, at: days[0].inputs.at(-1)!.at, kind: 'origin', snapshot: days[0].checkpoint }
          : null;
        const from = start ? start.at : inputs[0].at;
        const end = inputs.at(-1)!.at + 1;
        const rest = days.slice(skip);
        const raw = replayRecording(start ? [start, ...rest.flatMap((d) => d.inputs)] : inputs, options(from, end));
        const facts = replayFacts(rest, options(from, end), start);
        expect(facts.decisions).toEqual(start ? byInput.slice(edges[1]).flat() : recorded);
        expect(facts.decisions).toEqual(raw.decisions);
        expect(facts.result).toEqual(raw.result);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  test('on a recording with one input missing (it no longer reproduces), the replay from facts still makes what the raw replay makes', () => {
    fc.assert(
      fc.property(scenarioArb(60), fc.nat(), (scenario, drop) => {
        const { inputs } = recordingOf(scenario);
        // Losing an input makes the simulation part from the recording; from there on it runs on the facts' re-timing.
        const broken = inputs.filter((_, i) => i === 0 || i !== 1 + (drop % Math.max(1, inputs.length - 1)));
        const recorder = new FactsRecorder(null);
        for (const input of broken) recorder.feed(input);
        const facts = JSON.parse(JSON.stringify(recorder.take()));
        const from = broken[0].at;
        const end = broken.at(-1)!.at + 1;
        const raw = replayRecording(broken, options(from, end));
        const fromFacts = replayFacts([{ inputs: broken, facts }], options(from, end));
        expect(fromFacts.decisions).toEqual(raw.decisions);
        expect(fromFacts.result).toEqual(raw.result);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
