import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { RoutingEngine, type RoutingDecision } from '../../src/index.ts';
import { runChecked, scenarioArb } from './support/random-events.ts';

// ROUTING_PROPERTY_SCALE=20 for a long hunt; the default keeps the unit suite quick.
const scale = Number(process.env.ROUTING_PROPERTY_SCALE ?? 1);
const timeout = 30_000 * scale;

describe('routing engine under random event sequences', () => {
  test('every decision is a legal step and I1–I5 hold after every event', () => {
    fc.assert(
      fc.property(scenarioArb(60), (scenario) => {
        runChecked(scenario);
      }),
      { numRuns: 600 * scale },
    );
  }, timeout);

  test('replaying the same events gives the same decisions', () => {
    fc.assert(
      fc.property(scenarioArb(40), (scenario) => {
        const run = runChecked(scenario);
        const replay = new RoutingEngine(scenario.snapshot);
        const again = run.events.map(({ event, now }) => replay.apply(event, now));
        expect(again).toEqual(run.decisions);
      }),
      { numRuns: 200 * scale },
    );
  }, timeout);

  test('an engine rebuilt from snapshot() at any point continues identically', () => {
    fc.assert(
      fc.property(scenarioArb(40), fc.nat(), (scenario, cut) => {
        const run = runChecked(scenario);
        const split = run.events.length === 0 ? 0 : cut % (run.events.length + 1);
        const original = new RoutingEngine(scenario.snapshot);
        run.events.slice(0, split).forEach(({ event, now }) => original.apply(event, now));
        // JSON mimics the trip through the database.
        const rebuilt = new RoutingEngine(JSON.parse(JSON.stringify(original.snapshot())));
        const rest = run.events.slice(split);
        const fromOriginal: RoutingDecision[][] = rest.map(({ event, now }) => original.apply(event, now));
        const fromRebuilt: RoutingDecision[][] = rest.map(({ event, now }) => rebuilt.apply(event, now));
        expect(fromRebuilt).toEqual(fromOriginal);
        expect(sorted(rebuilt.snapshot())).toEqual(sorted(original.snapshot()));
        expect(rebuilt.stats()).toEqual(original.stats());
        expect(rebuilt.nextDeadline()).toEqual(original.nextDeadline());
      }),
      { numRuns: 200 * scale },
    );
  }, timeout);
});

function sorted(snapshot: ReturnType<RoutingEngine['snapshot']>) {
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  return { ...snapshot, agents: [...snapshot.agents].sort(byId), conversations: [...snapshot.conversations].sort(byId) };
}
