import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decisionLine, replayRecording, type RecordedInput } from '../../src/index.ts';
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
  const recorded = run.events.flatMap(({ now }, i) => run.decisions[i].map((d) => decisionLine(d, now)));
  return { inputs, recorded, start, end: run.events.at(-1)?.now ?? start };
}

const options = (from: number, to: number) => ({ from, to, serviceLevelSeconds: 20, shortAbandonSeconds: 0 });

describe('replay of a recorded history', () => {
  test('with no overrides every recorded decision comes out the same, in the same order, at the same time', () => {
    fc.assert(
      fc.property(scenarioArb(60), (scenario) => {
        const { inputs, recorded, start, end } = recordingOf(scenario);
        const { decisions } = replayRecording(inputs, options(start, end + 1));
        expect(decisions).toEqual(recorded);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  test('a replay of part of the period reproduces that part', () => {
    fc.assert(
      fc.property(scenarioArb(40), fc.nat(), (scenario, cut) => {
        const { inputs, recorded, start, end } = recordingOf(scenario);
        const from = start + (cut % (end - start + 1));
        const { decisions } = replayRecording(inputs, options(from, end + 1));
        expect(decisions).toEqual(recorded.filter((line) => Number(line.split(' ')[0]) >= from));
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
