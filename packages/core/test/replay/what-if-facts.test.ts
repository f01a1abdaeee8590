import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FactsRecorder, decisionLine, replayRecording, whatIfFacts, type RecordedInput, type WhatIfOverrides } from '../../src/index.ts';
import { runChecked, scenarioArb, type Scenario } from '../routing/support/random-events.ts';

/** A scenario as the server would have recorded it: the origin, then one routing transaction per event (as reproduction.test.ts). */
function recordingOf(scenario: Scenario) {
  const run = runChecked(scenario);
  const start = run.events[0]?.now ?? 0;
  const inputs: RecordedInput[] = [{ key: 0, at: start, kind: 'origin', snapshot: scenario.snapshot }];
  run.events.forEach(({ event, now }, i) => {
    const note = event.type === 'conversation_closed' ? (i % 3 === 0 ? 'completed:abandoned' : 'completed:closed_by_agent') : null;
    inputs.push({ key: i + 1, at: now, kind: 'event', event: JSON.parse(JSON.stringify(event)), note });
  });
  return { inputs, start, end: run.events.at(-1)?.now ?? start, decisions: run.decisions.flat().map((d) => decisionLine(d, 0)) };
}

const overridesArb: fc.Arbitrary<WhatIfOverrides> = fc.oneof(
  fc.record({ dispatchPerAgent: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ mode: fc.constantFrom('auto' as const, 'offer' as const) }),
  fc.record({ capacity: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ offerTimeoutSeconds: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ addAgents: fc.array(fc.record({ skills: fc.subarray(['en', 'de', 'billing']), capacity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2 }) }),
  fc.record({ arrivalFactor: fc.constantFrom(0.5, 1, 2) }),
  fc.record({ stickyAgent: fc.boolean() }),
);

describe('a what-if from the reader facts (decision 0029)', () => {
  test('over facts written from the origin it makes the same figures as the what-if whose first pass runs the reader engine', () => {
    fc.assert(
      fc.property(scenarioArb(60), overridesArb, fc.nat(), fc.boolean(), (scenario, overrides, cut, offerMode) => {
        if (offerMode) scenario.snapshot.settings = { ...scenario.snapshot.settings, mode: 'offer' };
        const { inputs, start, end } = recordingOf(scenario);
        // The facts in one stretch or two pages of one recorder (as the server learns rows not compacted yet): episodes go on across the page.
        const recorder = new FactsRecorder(null);
        const at = 1 + (cut % inputs.length);
        const stretches = [inputs.slice(0, at), inputs.slice(at)].filter((s) => s.length > 0).map((list) => {
          for (const input of list) recorder.feed(input);
          return { inputs: list, facts: JSON.parse(JSON.stringify(recorder.take())) };
        });
        const from = start + (cut % (end - start + 1));
        const options = { from, to: end + 1, overrides, serviceLevelSeconds: 20, shortAbandonSeconds: 0 };
        const engine = replayRecording(inputs, options).result;
        expect(whatIfFacts(stretches, options)).toEqual(engine);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
