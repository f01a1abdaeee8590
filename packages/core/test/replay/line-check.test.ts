import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DecisionCheck, LineCheck, decisionLine, type RoutingDecision } from '../../src/index.ts';

/** Timed decisions of a few shapes, over a few conversations and agents. */
const decision = fc.oneof(
  fc.record({ type: fc.constant('dispatched'), conversationId: fc.constantFrom('c1', 'c2'), reason: fc.constantFrom('fill', 'dynamic_assignment') }),
  fc.record({ type: fc.constant('assigned'), conversationId: fc.constantFrom('c1', 'c2'), agentId: fc.constantFrom('a1', 'a2'), reason: fc.constant('match') }),
  fc.record({
    type: fc.constant('offered'),
    conversationId: fc.constantFrom('c1', 'c2'),
    agentId: fc.constantFrom('a1', 'a2'),
    expiresAt: fc.integer({ min: 0, max: 5 }),
    reason: fc.constant('match'),
  }),
  fc.record({
    type: fc.constant('relaxed'),
    conversationId: fc.constant('c1'),
    previousSkills: fc.constant([]),
    skills: fc.subarray(['billing', 'en']),
    reason: fc.constant('waited'),
  }),
) as fc.Arbitrary<RoutingDecision>;
const timed = fc.array(fc.record({ at: fc.integer({ min: 0, max: 3 }), decision }), { maxLength: 40 });

/** The recorded side as the history reader gives it: pages of lines, cut at the given sizes. */
function pagesOf(list: Array<{ at: number; decision: RoutingDecision }>, sizes: number[]): string[] {
  const lines = list.map(({ decision, at }) => decisionLine(decision, at));
  const pages: string[] = [];
  for (let i = 0, k = 0; i < lines.length; k++) {
    const n = sizes.length ? sizes[k % sizes.length] : lines.length;
    pages.push(lines.slice(i, i + n).join('\n'));
    i += n;
  }
  return pages;
}

describe('LineCheck (recorded decisions as text pages)', () => {
  test('agrees with DecisionCheck on any two sequences, however the pages are cut and interleaved', () => {
    fc.assert(
      fc.property(timed, timed, fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }), fc.boolean(), (recorded, simulated, sizes, recordedFirst) => {
        const lines = new LineCheck();
        const objects = new DecisionCheck();
        const feedRecorded = () => {
          for (const page of pagesOf(recorded, sizes)) lines.recorded(page);
          for (const { decision, at } of recorded) objects.recorded(decision, at);
        };
        if (recordedFirst) feedRecorded();
        for (const { decision, at } of simulated) {
          lines.simulated(decision, at);
          objects.simulated(decision, at);
        }
        if (!recordedFirst) feedRecorded();
        expect(lines.finish()).toBe(objects.finish());
        expect(lines.matched).toBe(objects.matched);
        expect(lines.firstDifference).toEqual(objects.firstDifference);
      }),
      { numRuns: 500 },
    );
  });

  test('the same sequence on both sides matches, with the simulated side ahead of the pages', () => {
    const list = [
      { at: 1, decision: { type: 'dispatched', conversationId: 'c1', reason: 'fill' } },
      { at: 1, decision: { type: 'offered', conversationId: 'c1', agentId: 'a1', expiresAt: 31, reason: 'match' } },
      { at: 2, decision: { type: 'assigned', conversationId: 'c1', agentId: 'a1', reason: 'offer_accepted' } },
    ] as Array<{ at: number; decision: RoutingDecision }>;
    const check = new LineCheck();
    for (const { decision, at } of list) check.simulated(decision, at);
    expect(check.unmatched).toBe(3);
    for (const page of pagesOf(list, [2])) check.recorded(page);
    expect(check.unmatched).toBe(0);
    expect(check.finish()).toBe(true);
    expect(check.matched).toBe(3);
  });

  test('a recorded line that only begins like the simulated one is a difference', () => {
    const check = new LineCheck();
    check.recorded('1 assigned c1 a1 match_more');
    check.simulated({ type: 'assigned', conversationId: 'c1', agentId: 'a1', reason: 'match' } as RoutingDecision, 1);
    expect(check.finish()).toBe(false);
    expect(check.firstDifference).toEqual({ index: 0, recorded: '1 assigned c1 a1 match_more', simulated: '1 assigned c1 a1 match' });
  });
});
