import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { replayRecording, type WhatIfOverrides } from '../../src/index.ts';
import { agent, recordTraffic, type Arrival } from './support/traffic.ts';

const HOUR = 3_600_000;
const run = (inputs: ReturnType<typeof recordTraffic>, overrides?: WhatIfOverrides, to = HOUR) =>
  replayRecording(inputs, { from: 0, to, overrides, serviceLevelSeconds: 20, shortAbandonSeconds: 0 }).result;

const arrivalsArb = fc.array(fc.record({ at: fc.integer({ min: 0, max: HOUR - 1 }), handleMs: fc.integer({ min: 10_000, max: 900_000 }) }), {
  minLength: 5,
  maxLength: 80,
});

describe('what-if', () => {
  test('dispatch count 1 instead of 3 (offer mode, hand-computed): one agent of capacity 3, three customers at once, each offer accepted after 10 s', () => {
    // Recorded with k = 3: all three are offered at 0 and accepted at 10 s: waits 10, 10, 10.
    // With k = 1 only one offer is pending at a time: accepted at 10, 20, 30 s: waits 10, 20, 30.
    const inputs = recordTraffic({
      settings: { mode: 'offer', dispatchPerAgent: 3 },
      agents: [agent('a', 3)],
      arrivals: [0, 0, 0].map((at) => ({ at, handleMs: 600_000 })),
      acceptAfterMs: 10_000,
    });
    const replay = run(inputs);
    expect(replay.recorded).toMatchObject({ conversations: 3, handled: 3, meanWaitSeconds: 10, p90WaitSeconds: 10, serviceLevel: 1 });
    expect(replay.simulated).toEqual(replay.recorded);
    const one = run(inputs, { dispatchPerAgent: 1 });
    expect(one.simulated).toMatchObject({ conversations: 3, handled: 3, meanWaitSeconds: 20, p50WaitSeconds: 20, p90WaitSeconds: 30, serviceLevel: 0.6667 });
    expect(one.recorded).toEqual(replay.recorded);
  });

  test('more agents: no wait gets longer (one queue, first come first served)', () => {
    fc.assert(
      fc.property(arrivalsArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (arrivals, agents, added) => {
        const inputs = recordTraffic({ agents: Array.from({ length: agents }, (_, i) => agent(`a${i}`, 2)), arrivals });
        const base = run(inputs, { arrivalFactor: 1 });
        const more = run(inputs, { addAgents: Array.from({ length: added }, () => ({ skills: [], capacity: 2 })) });
        expect(more.simulated.handled).toBeGreaterThanOrEqual(base.simulated.handled);
        for (const key of ['meanWaitSeconds', 'p50WaitSeconds', 'p90WaitSeconds'] as const) {
          expect(more.simulated[key] ?? 0).toBeLessThanOrEqual(base.simulated[key] ?? 0);
        }
        expect(more.simulated.serviceLevel ?? 1).toBeGreaterThanOrEqual(base.simulated.serviceLevel ?? 1);
      }),
      { numRuns: 100 },
    );
  });

  test('removing agents: waits not shorter', () => {
    fc.assert(
      fc.property(arrivalsArb, (arrivals) => {
        const inputs = recordTraffic({ agents: [agent('a0', 2), agent('a1', 2), agent('a2', 2)], arrivals });
        const base = run(inputs, { arrivalFactor: 1 });
        const fewer = run(inputs, { removeAgents: ['a2'] });
        expect(fewer.simulated.meanWaitSeconds ?? 0).toBeGreaterThanOrEqual(base.simulated.meanWaitSeconds ?? 0);
      }),
      { numRuns: 60 },
    );
  });

  test('customers leave after their recorded patience; a served one draws patience from the abandoners above its wait', () => {
    const arrivals: Arrival[] = [
      { at: 0, handleMs: 300_000 },
      { at: 1_000, handleMs: 300_000, patienceMs: 60_000 },
      { at: 2_000, handleMs: 300_000, patienceMs: 120_000 },
    ];
    const inputs = recordTraffic({ agents: [agent('a', 1)], arrivals });
    const replay = run(inputs);
    expect(replay.recorded).toMatchObject({ conversations: 3, handled: 1, abandoned: 2, abandonRate: 0.6667 });
    expect(replay.simulated).toEqual(replay.recorded);
    // A second agent serves c1 at once; c2 still leaves at 120 s (its recorded patience) behind it.
    const more = run(inputs, { addAgents: [{ skills: [], capacity: 1 }] });
    expect(more.simulated).toMatchObject({ handled: 2, abandoned: 1, meanWaitSeconds: 0 });
    // Twice the arrivals: the copies of the served customer draw patience above 0 s from {60, 120} s.
    const doubled = run(inputs, { arrivalFactor: 2 });
    expect(doubled.simulated.conversations).toBe(6);
    expect(doubled.simulated.abandoned).toBeGreaterThanOrEqual(2);
  });

  test('occupancy per agent: load over capacity while ready or busy', () => {
    const inputs = recordTraffic({ agents: [agent('a', 2)], arrivals: [{ at: 0, handleMs: HOUR / 2 }] });
    const r = run(inputs);
    // Half an hour at 1 of 2, half an hour idle at 0 of 2: 0.25.
    expect(r.agents).toEqual([{ agentId: 'a', recorded: 0.25, simulated: 0.25 }]);
  });
});
