import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CheckpointRun, decisionLine, decodeInputs, encodeInputs, replayRecording, type RecordedInput } from '../../src/index.ts';
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
});
