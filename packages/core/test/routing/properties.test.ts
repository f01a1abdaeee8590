import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isOpenAt, RoutingEngine, type RoutingDecision } from '../../src/index.ts';
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

  // R11 intake among every other event (relaxation, first-reply requeue, idle close = conversation_closed), in each mode.
  for (const mode of ['auto', 'offer'] as const) {
    test(`business-hours intake (${mode} mode): I1–I5 hold; out of hours only queueOutsideHours reaches routing, and is routed like any other`, () => {
      const seen = { open: 0, queuedOffHours: 0, refused: 0 };
      fc.assert(
        fc.property(scenarioArb(60, mode), (scenario) => {
          const run = runChecked(scenario);
          const handedOff = new Set(run.events.flatMap(({ event }) => (event.type === 'handoff' ? [event.conversation.id] : [])));
          const decided = new Set(run.decisions.flat().flatMap((d) => ('conversationId' in d ? [d.conversationId] : [])));
          for (const { id, intake, now, channelHasBot } of run.intakes) {
            const schedule = scenario.hours!.schedule;
            expect(intake.offHours).toBe(schedule !== null && !isOpenAt(schedule, now));
            if (intake.action === 'queue') {
              expect(handedOff.has(id)).toBe(true);
              if (intake.offHours) seen.queuedOffHours++;
              else seen.open++;
            } else {
              // Stays with the bot, or completed off_hours: the engine never sees it.
              expect(scenario.hours!.queueOutsideHours).toBe(false);
              expect(intake.action).toBe(channelHasBot ? 'stay_with_bot' : 'complete');
              expect(handedOff.has(id) || decided.has(id)).toBe(false);
              seen.refused++;
            }
          }
        }),
        { numRuns: 300 * scale },
      );
      // The generated clocks really cross the boundaries: all three outcomes occurred.
      expect(seen.open).toBeGreaterThan(0);
      expect(seen.queuedOffHours).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
    }, timeout);
  }

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
