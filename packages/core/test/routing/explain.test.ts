import { describe, expect, test } from 'vitest';
import { agent, engineWith, handoff, presence } from './support/builders.ts';

const codes = (e: { blockers: Array<{ code: string }> } | null) => e?.blockers.map((b) => b.code);

describe('explain: why a conversation waits, why it went to that agent', () => {
  test('NO_AGENT_READY when nobody is ready; every agent says not_ready', () => {
    const engine = engineWith([agent('A', { presence: 'away' })]);
    engine.apply(handoff('c1', 0), 0);
    const e = engine.explain('c1');
    expect(e).toMatchObject({ status: 'waiting', queuePosition: 1, blockers: [{ code: 'NO_AGENT_READY', detail: 'no agent is ready' }] });
    expect(e?.candidates).toEqual([{ agentId: 'A', eligible: false, because: 'not_ready', detail: 'presence is away' }]);
  });

  test('NO_QUALIFYING_AGENT names the missing skill', () => {
    const engine = engineWith([agent('A', { skills: { en: 1 } })]);
    engine.apply(handoff('c1', 0, ['ja']), 0);
    const e = engine.explain('c1');
    expect(e?.blockers).toEqual([{ code: 'NO_QUALIFYING_AGENT', detail: 'no ready agent holds ja' }]);
    expect(e?.candidates[0]).toMatchObject({ agentId: 'A', eligible: false, because: 'missing_skill', detail: 'lacks ja' });
  });

  test('AGENTS_AT_CAPACITY and EARLIER_IN_QUEUE with how many', () => {
    const engine = engineWith([agent('A', { capacity: 1 })], { dispatchPerAgent: 1 });
    for (let i = 0; i < 4; i++) engine.apply(handoff(`c${i}`, i), i);
    // c0 is with A; c1, c2, c3 wait.
    const e = engine.explain('c3');
    expect(e?.queuePosition).toBe(3);
    // A is full, so nothing dispatches (R3): the limit is not what holds it.
    expect(codes(e)).toEqual(['AGENTS_AT_CAPACITY', 'EARLIER_IN_QUEUE']);
    expect(e?.blockers[1]?.detail).toBe('2 conversations with the same requirements ahead in the queue');
    expect(e?.candidates[0]).toMatchObject({ agentId: 'A', eligible: false, because: 'at_capacity', detail: 'load 1 of 1' });
  });

  test('DISPATCH_LIMIT_FULL alone: offers fill the limit while the agent has room', () => {
    const engine = engineWith([agent('A', { capacity: 10 })], { mode: 'offer', dispatchPerAgent: 3 });
    for (let i = 0; i < 4; i++) engine.apply(handoff(`c${i}`, i), i);
    expect(codes(engine.explain('c3'))).toEqual(['DISPATCH_LIMIT_FULL']);
    expect(engine.explain('c3')?.blockers[0]?.detail).toBe('3 of 3 dispatch places are taken');
  });

  test('OFFER_PENDING for an offered conversation', () => {
    const engine = engineWith([agent('A')], { mode: 'offer', offerTimeoutMs: 30_000 });
    engine.apply(handoff('c1', 0), 1000);
    expect(engine.explain('c1')).toMatchObject({
      status: 'dispatching', queuePosition: null,
      blockers: [{ code: 'OFFER_PENDING', detail: 'offered to A until 1970-01-01T00:00:31.000Z; waiting for the agent to accept' }],
    });
  });

  const held = { id: 'held', status: 'processing' as const, skills: ['en'], queueKey: -1, agentId: 'B', offer: null, declinedBy: [], lastAgentId: 'B', relaxation: null, relaxAt: null };

  test('the R4 ranking for an assigned one: level, then load, then idle time, then id', () => {
    const engine = engineWith([
      agent('A', { skills: { en: 3 }, lastAssignedAt: 50 }),
      agent('B', { skills: { en: 2 }, lastAssignedAt: 0 }),
      agent('C', { skills: { en: 2 }, lastAssignedAt: 10 }),
      agent('D', { skills: { en: 2 }, lastAssignedAt: 10 }),
      agent('E', { skills: { en: 2 }, capacity: 1 }),
      agent('F', { skills: { fr: 5 } }),
      agent('G', { presence: 'offline', skills: { en: 5 } }),
    ], {}, [held]);
    engine.apply(handoff('busy', 0, ['en', 'xx']), 0); // nobody qualifies: stays waiting, loads nobody
    engine.apply(handoff('c1', 1, ['en']), 100);
    expect(engine.conversation('c1')?.agentId).toBe('A');
    const e = engine.explain('c1', 'match');
    expect(e).toMatchObject({ status: 'processing', queuePosition: null, blockers: [] });
    expect(e?.candidates.map((c) => [c.agentId, c.eligible, c.because])).toEqual([
      ['A', true, 'chosen'],
      ['E', true, 'lower_level'],
      ['C', true, 'idle_less_long'],
      ['D', true, 'agent_id'],
      ['B', true, 'more_loaded'],
      ['F', false, 'missing_skill'],
      ['G', false, 'not_ready'],
    ]);
  });

  test('sticky: the contact\'s last agent goes first, whoever ranks better', () => {
    const engine = engineWith([agent('A', { skills: { en: 5 } }), agent('B', { presence: 'away', skills: { en: 1 } })], { stickyAgent: true });
    engine.apply(handoff('c1', 0, ['en'], 'B'), 0);
    expect(engine.conversation('c1')?.agentId).toBe('A');
    engine.apply(presence('B', 'ready'), 1);
    engine.apply(handoff('c2', 1, ['en'], 'B'), 2);
    expect(engine.conversation('c2')?.agentId).toBe('B');
    expect(engine.explain('c2', 'sticky')?.candidates.map((c) => [c.agentId, c.because])).toEqual([['B', 'sticky'], ['A', 'sticky']]);
    // Without the recorded rule, the holder is ranked by R4 alone.
    expect(engine.explain('c2', 'match')?.candidates.map((c) => [c.agentId, c.because])).toEqual([['A', 'chosen'], ['B', 'lower_level']]);
  });

  test('unknown conversation: null', () => {
    expect(engineWith([]).explain('nope')).toBeNull();
  });
});
