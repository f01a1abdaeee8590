import { describe, expect, test } from 'vitest';
import { accept, agent, engineWith, handoff, idsWithStatus, presence, queueKey, statusOf, story } from './support/builders.ts';

describe('SPEC §3 worked examples', () => {
  test('1. dispatch limit (offer mode): three of five dispatch to A, accepting one lets the first waiting in', () => {
    const engine = engineWith([agent('A', { capacity: 10 })], { mode: 'offer' });
    for (let i = 1; i <= 5; i++) engine.apply(handoff(`c${i}`, queueKey(1000 * i)), 1000 * i);

    expect(engine.stats().dispatchLimit).toBe(3);
    expect(idsWithStatus(engine, 'dispatching')).toEqual(['c1', 'c2', 'c3']);
    expect(['c1', 'c2', 'c3'].map((id) => engine.conversation(id)?.offer?.agentId)).toEqual(['A', 'A', 'A']);
    expect(idsWithStatus(engine, 'waiting')).toEqual(['c4', 'c5']);

    const decisions = engine.apply(accept('c2', 'A'), 6000);

    expect(story(decisions)).toEqual(['assigned c2→A (offer_accepted)', 'dispatched c4 (fill)', 'offered c4→A (match)']);
    expect(statusOf(engine, 'c2')).toBe('processing');
    expect(idsWithStatus(engine, 'dispatching')).toEqual(['c1', 'c3', 'c4']);
    expect(idsWithStatus(engine, 'waiting')).toEqual(['c5']);
  });

  test('2. dynamic assignment (auto mode): Japanese customers are swapped in for B, displaced English go back to their places', () => {
    const engine = engineWith([
      agent('A', { capacity: 2, skills: { english: 3 } }),
      agent('B', { capacity: 2, skills: { japanese: 3 } }),
    ]);
    expect(engine.stats().dispatchLimit).toBe(6);
    for (let i = 1; i <= 8; i++) engine.apply(handoff(`e${i}`, queueKey(i), ['english']), i);

    expect(idsWithStatus(engine, 'processing')).toEqual(['e1', 'e2']);
    expect(idsWithStatus(engine, 'dispatching')).toEqual(['e3', 'e4', 'e5', 'e6', 'e7', 'e8']);
    const e8Key = engine.conversation('e8')?.queueKey;

    const first = engine.apply(handoff('j1', queueKey(9), ['japanese']), 9);
    // R3 then lets e8 straight back in: B still has spare capacity and A qualifies for e8.
    expect(story(first)).toEqual([
      'requeued e8 (swapped_out)',
      'dispatched j1 (dynamic_assignment)',
      'assigned j1→B (dynamic_assignment)',
      'dispatched e8 (fill)',
    ]);
    const second = engine.apply(handoff('j2', queueKey(10), ['japanese']), 10);
    expect(story(second)).toEqual(['requeued e8 (swapped_out)', 'dispatched j2 (dynamic_assignment)', 'assigned j2→B (dynamic_assignment)']);

    expect(engine.conversation('j1')).toMatchObject({ status: 'processing', agentId: 'B' });
    expect(engine.conversation('j2')).toMatchObject({ status: 'processing', agentId: 'B' });
    expect(engine.conversation('e8')).toMatchObject({ status: 'waiting', queueKey: e8Key });
    expect(idsWithStatus(engine, 'dispatching')).toEqual(['e3', 'e4', 'e5', 'e6', 'e7']);
    expect(engine.stats().groups.find((g) => g.skills[0] === 'english')?.oldestQueueKey).toBe(e8Key);
  });

  test('3. nobody ready: everyone waits in order, then an agent turning ready takes them in queue order', () => {
    const engine = engineWith([agent('A', { presence: 'away', capacity: 2 })]);
    for (const [id, at] of [['c1', 10], ['c2', 20], ['c3', 30]] as const) {
      expect(engine.apply(handoff(id, queueKey(at)), at)).toEqual([]);
    }
    expect(idsWithStatus(engine, 'waiting')).toEqual(['c1', 'c2', 'c3']);

    const decisions = engine.apply(presence('A', 'ready'), 40);

    expect(story(decisions)).toEqual([
      'dispatched c1 (fill)',
      'assigned c1→A (match)',
      'dispatched c2 (fill)',
      'assigned c2→A (match)',
    ]);
    // A is now at capacity, so R3 lets nobody else in.
    expect(idsWithStatus(engine, 'waiting')).toEqual(['c3']);
  });

  test('4. weight: Y, priority 1000 and asked 1 minute ago, is ahead of X who asked 10 minutes ago', () => {
    const now = 3_600_000;
    const engine = engineWith([agent('A', { presence: 'away', capacity: 1 })]);
    engine.apply(handoff('X', queueKey(now - 10 * 60_000, 0)), now - 10 * 60_000);
    engine.apply(handoff('Y', queueKey(now - 60_000, 1000)), now - 60_000);

    expect(engine.stats().groups[0].oldestQueueKey).toBe(queueKey(now - 60_000, 1000));
    const decisions = engine.apply(presence('A', 'ready'), now);

    expect(story(decisions)).toEqual(['dispatched Y (fill)', 'assigned Y→A (match)']);
    expect(statusOf(engine, 'X')).toBe('waiting');
  });
});
