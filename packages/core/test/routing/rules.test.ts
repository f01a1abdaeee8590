import { describe, expect, test } from 'vitest';
import type { RoutingEvent } from '../../src/index.ts';
import { accept, agent, close, engineWith, handoff, idsWithStatus, presence, reject, settings, statusOf, story, tick } from './support/builders.ts';

describe('R1 dispatch limit', () => {
  test('L is k × ready agents and dispatching stops there', () => {
    const en = { en: 1 };
    const agents = [agent('A', { capacity: 1, skills: en }), agent('B', { capacity: 1, skills: en }), agent('C', { skills: { ja: 1 } }), agent('D', { presence: 'away', skills: en })];
    const engine = engineWith(agents, { dispatchPerAgent: 2 });
    for (let i = 0; i < 10; i++) engine.apply(handoff(`c${i}`, i, ['en']), i);

    expect(engine.stats()).toMatchObject({ readyAgents: 3, dispatchLimit: 6, dispatching: 6, waiting: 2 });
  });
});

describe('R2 queue order', () => {
  test('lower key first, equal keys by conversation id, and a requeued conversation keeps its key', () => {
    const engine = engineWith([agent('A', { presence: 'away', capacity: 1 })]);
    engine.apply(handoff('b', 500), 1);
    engine.apply(handoff('a', 500), 2);
    engine.apply(handoff('z', 100), 3);

    expect(story(engine.apply(presence('A', 'ready'), 10))).toEqual(['dispatched z (fill)', 'assigned z→A (match)']);
    engine.apply({ type: 'transferred_to_skills', conversationId: 'z', skills: [] }, 11);
    expect(engine.conversation('z')).toMatchObject({ queueKey: 100 });
    expect(idsWithStatus(engine, 'processing')).toEqual(['z']);
    expect(idsWithStatus(engine, 'waiting')).toEqual(['a', 'b']);
  });
});

describe('R3 fill', () => {
  test('skips waiting conversations that no ready agent qualifies for, keeping their place', () => {
    const engine = engineWith([agent('A', { capacity: 1, skills: { en: 1 } })]);
    engine.apply(handoff('ja1', 1, ['ja']), 1);
    const decisions = engine.apply(handoff('en1', 2, ['en']), 2);

    expect(story(decisions)).toEqual(['dispatched en1 (fill)', 'assigned en1→A (match)']);
    expect(statusOf(engine, 'ja1')).toBe('waiting');
  });

  test('dispatches nothing when every ready agent is at capacity', () => {
    const engine = engineWith([agent('A', { capacity: 1 })]);
    engine.apply(handoff('c1', 1), 1);
    expect(engine.apply(handoff('c2', 2), 2)).toEqual([]);
    expect(statusOf(engine, 'c2')).toBe('waiting');
  });
});

describe('R4 match', () => {
  const pair = (a: object, b: object) => [agent('A', { skills: { en: 3 }, ...a }), agent('B', { skills: { en: 3 }, ...b })];
  const matchedAgent = (engine: ReturnType<typeof engineWith>, event: RoutingEvent) =>
    engine.apply(event, 100).find((d) => d.type === 'assigned' || d.type === 'offered');

  test('prefers the sticky last agent when qualifying and free', () => {
    const engine = engineWith(pair({ skills: { en: 5 } }, {}));
    expect(matchedAgent(engine, handoff('c', 1, ['en'], 'B'))).toMatchObject({ agentId: 'B', reason: 'sticky' });
  });

  test('ignores the last agent when sticky routing is off', () => {
    const engine = engineWith(pair({ skills: { en: 5 } }, {}), { stickyAgent: false });
    expect(matchedAgent(engine, handoff('c', 1, ['en'], 'B'))).toMatchObject({ agentId: 'A', reason: 'match' });
  });

  test('then the highest level summed over the required skills', () => {
    const engine = engineWith(pair({ skills: { en: 2, ja: 5 } }, { skills: { en: 4, ja: 2 } }));
    expect(matchedAgent(engine, handoff('c', 1, ['en', 'ja']))).toMatchObject({ agentId: 'A' });
    expect(matchedAgent(engine, handoff('d', 2, ['en']))).toMatchObject({ agentId: 'B' });
  });

  test('then the least loaded by load ÷ capacity', () => {
    const engine = engineWith(pair({ capacity: 2 }, { capacity: 10 }));
    engine.apply({ type: 'agent_started', conversation: { id: 'x', skills: [], queueKey: 0 }, agentId: 'A' }, 1);
    engine.apply({ type: 'agent_started', conversation: { id: 'y', skills: [], queueKey: 0 }, agentId: 'B' }, 1);
    expect(matchedAgent(engine, handoff('c', 1, ['en']))).toMatchObject({ agentId: 'B' });
  });

  test('then the agent idle longest, then the agent id', () => {
    expect(matchedAgent(engineWith(pair({ lastAssignedAt: 50 }, { lastAssignedAt: 40 })), handoff('c', 1))).toMatchObject({ agentId: 'B' });
    expect(matchedAgent(engineWith(pair({}, {})), handoff('c', 1))).toMatchObject({ agentId: 'A' });
  });

  test('offer mode: a rejected conversation is withdrawn, then offered to another qualifying agent', () => {
    const engine = engineWith(pair({}, {}), { mode: 'offer' });
    engine.apply(handoff('c', 1, ['en']), 1);
    expect(story(engine.apply(reject('c', 'A'), 2))).toEqual(['offer_withdrawn c→A (rejected)', 'offered c→B (match)']);
    expect(engine.conversation('c')?.declinedBy).toEqual(['A']);
  });

  test('offer mode: the same agent gets it again only when nobody else can take it', () => {
    const engine = engineWith([agent('A')], { mode: 'offer' });
    engine.apply(handoff('c', 1), 1);
    expect(story(engine.apply(reject('c', 'A'), 2))).toEqual(['offer_withdrawn c→A (rejected)', 'offered c→A (match)']);
  });

  test('offer mode: a timeout sets the agent away (missed) and costs it its other offers, which are matched again', () => {
    const engine = engineWith([agent('A'), agent('B', { capacity: 1 })], { mode: 'offer', offerTimeoutMs: 30_000 });
    engine.apply(handoff('c1', 1), 0); // → A (B is equal but A's id is first)
    engine.apply(handoff('c2', 2), 10_000); // → B (A is more loaded)
    engine.apply(handoff('c3', 3), 20_000); // → A (B is full)
    expect(engine.nextDeadline()).toBe(30_000);

    expect(engine.apply(tick, 29_999)).toEqual([]);
    expect(story(engine.apply(tick, 30_000))).toEqual([
      'offer_withdrawn c1→A (offer_timeout)',
      'agent_away A (missed)',
      'offer_withdrawn c3→A (agent_not_ready)',
    ]);
    // L fell to 3 with A away: c1 and c3 stay dispatching, waiting for B who is full.
    expect(engine.stats()).toMatchObject({ readyAgents: 1, dispatching: 3 });
    expect(engine.nextDeadline()).toBe(40_000);
  });

  test('offer mode: an agent leaving ready loses its pending offers', () => {
    const engine = engineWith([agent('A'), agent('B')], { mode: 'offer' });
    engine.apply(handoff('c1', 1), 1);
    expect(story(engine.apply(presence('A', 'away'), 2))).toEqual(['offer_withdrawn c1→A (agent_not_ready)', 'offered c1→B (match)']);
  });
});

describe('R5 dynamic assignment', () => {
  test('never swaps out a conversation with a pending offer', () => {
    const engine = engineWith([agent('A', { skills: { en: 1 } }), agent('B', { skills: { ja: 1 } })], { mode: 'offer', dispatchPerAgent: 1 });
    engine.apply(handoff('e1', 1, ['en']), 1);
    engine.apply(handoff('e2', 2, ['en']), 2);
    expect(engine.stats().dispatching).toBe(2);
    expect(engine.apply(handoff('j1', 3, ['ja']), 3)).toEqual([]);
    expect(statusOf(engine, 'j1')).toBe('waiting');
  });
});

describe('R6 shrinking limit and agents leaving', () => {
  test('the excess returns last in queue order first, offer-less ones before offered ones', () => {
    // B speaks no English: it keeps R3 going (spare capacity) without taking anything.
    const engine = engineWith([agent('A', { capacity: 1, skills: { en: 1 } }), agent('B', { skills: { ja: 1 } })], { mode: 'offer', dispatchPerAgent: 2 });
    for (let i = 1; i <= 4; i++) engine.apply(handoff(`c${i}`, i, ['en']), i);
    expect(engine.conversation('c1')?.offer?.agentId).toBe('A');

    expect(story(engine.apply(presence('B', 'away'), 10))).toEqual(['requeued c4 (limit_shrunk)', 'requeued c3 (limit_shrunk)']);
    expect(story(engine.apply(presence('A', 'away'), 11))).toEqual([
      'offer_withdrawn c1→A (agent_not_ready)',
      'requeued c2 (limit_shrunk)',
      'requeued c1 (limit_shrunk)',
    ]);
  });

  test('an offered conversation is withdrawn before it is requeued when only offered ones are left', () => {
    const engine = engineWith([agent('A', { skills: { en: 1 } }), agent('B', { skills: { en: 1 } })], { mode: 'offer', dispatchPerAgent: 1 });
    engine.apply(handoff('c1', 1, ['en']), 1);
    engine.apply(handoff('c2', 2, ['en']), 2);
    engine.apply({ type: 'settings_changed', settings: settings({ mode: 'offer', dispatchPerAgent: 0 }) }, 3);
    expect(engine.stats().dispatching).toBe(0);
    expect(idsWithStatus(engine, 'waiting')).toEqual(['c1', 'c2']);
  });

  test('processing conversations stay with an agent who goes away, and with one who goes offline by default', () => {
    const engine = engineWith([agent('A')]);
    engine.apply(handoff('c1', 1), 1);
    expect(engine.apply(presence('A', 'away'), 2)).toEqual([]);
    expect(engine.apply(presence('A', 'offline'), 3)).toEqual([]);
    expect(engine.conversation('c1')).toMatchObject({ status: 'processing', agentId: 'A' });
  });

  test('with the requeue policy, going offline requeues them with their keys, ahead of later arrivals', () => {
    const engine = engineWith([agent('A', { capacity: 1 }), agent('B', { capacity: 1 })], { offlinePolicy: 'requeue' });
    engine.apply(handoff('old', 1), 1);
    engine.apply(handoff('busy', 2), 2);
    engine.apply(handoff('new', 3), 3);
    expect(engine.conversation('old')?.agentId).toBe('A');

    expect(story(engine.apply(presence('A', 'offline'), 4))).toEqual(['requeued old (agent_offline)']);
    expect(engine.stats().groups[0].oldestQueueKey).toBe(1);
    expect(story(engine.apply(close('busy'), 5))).toEqual(['dispatched old (fill)', 'assigned old→B (match)']);
    expect(statusOf(engine, 'new')).toBe('waiting');
  });

  test('a deactivated agent keeps nothing whatever the policy: its conversations go to another agent, with the reason', () => {
    const engine = engineWith([agent('A', { capacity: 2 }), agent('B', { presence: 'away', capacity: 2 })]);
    engine.apply(handoff('c1', 1), 1);
    engine.apply(handoff('c2', 2), 2);
    engine.apply(presence('B', 'ready'), 3);
    expect(story(engine.apply({ type: 'agent_removed', agentId: 'A', reason: 'agent_deactivated' }, 4))).toEqual([
      'requeued c1 (agent_deactivated)',
      'requeued c2 (agent_deactivated)',
      'dispatched c1 (fill)',
      'assigned c1→B (match)',
      'dispatched c2 (fill)',
      'assigned c2→B (match)',
    ]);
  });
});

describe('R8 transfers', () => {
  test('to a named agent whatever its presence or load', () => {
    const engine = engineWith([agent('A'), agent('B', { presence: 'away', capacity: 0 })]);
    engine.apply(handoff('c', 1), 1);
    expect(story(engine.apply({ type: 'transferred_to_agent', conversationId: 'c', agentId: 'B' }, 2))).toEqual(['assigned c→B (transfer)']);
    expect(engine.agentLoad('B')).toBe(1);
  });

  test('to skills: back through routing with its original key and new requirements', () => {
    const engine = engineWith([agent('A', { capacity: 1, skills: { en: 1 } }), agent('B', { capacity: 1, skills: { ja: 1 } })]);
    engine.apply(handoff('c', 7, ['en']), 1);
    const decisions = engine.apply({ type: 'transferred_to_skills', conversationId: 'c', skills: ['JA'] }, 2);
    expect(story(decisions)).toEqual(['requeued c (transfer)', 'dispatched c (fill)', 'assigned c→B (match)']);
    expect(engine.conversation('c')).toMatchObject({ skills: ['ja'], queueKey: 7 });
  });
});

describe('load and agent-started conversations', () => {
  test('agent-started conversations count toward load and may exceed capacity', () => {
    const engine = engineWith([agent('A', { capacity: 1 })]);
    engine.apply(handoff('c', 1), 1);
    const started = { type: 'agent_started', conversation: { id: 's', skills: [], queueKey: 2 }, agentId: 'A' } as const;
    expect(story(engine.apply(started, 2))).toEqual(['assigned s→A (agent_started)']);
    expect(engine.agentLoad('A')).toBe(2);
    expect(engine.apply(handoff('d', 3), 3)).toEqual([]);
  });

  test('pending offers count toward load', () => {
    const engine = engineWith([agent('A', { capacity: 2 })], { mode: 'offer' });
    engine.apply(handoff('c1', 1), 1);
    engine.apply(handoff('c2', 2), 2);
    engine.apply(handoff('c3', 3), 3);
    expect(engine.agentLoad('A')).toBe(2);
    // A is full, so R3 lets nobody in.
    expect(statusOf(engine, 'c3')).toBe('waiting');
    expect(story(engine.apply(accept('c1', 'A'), 4))).toEqual(['assigned c1→A (offer_accepted)']);
  });
});

describe('queue order within a requirement group (I4)', () => {
  test('an urgent handoff takes the place of the group\'s last dispatching conversation at the limit', () => {
    const engine = engineWith([agent('A', { capacity: 1, skills: { en: 1 } }), agent('B', { skills: { ja: 1 } })], { dispatchPerAgent: 1 });
    engine.apply(handoff('c1', 10, ['en']), 1);
    engine.apply(handoff('c2', 20, ['en']), 2);
    engine.apply(handoff('c3', 30, ['en']), 3);
    engine.apply(handoff('urgent', -1000, ['en']), 4);
    expect(idsWithStatus(engine, 'dispatching')).toEqual(['c2', 'c3']);

    expect(story(engine.apply(close('c1'), 5))).toEqual([
      'requeued c3 (swapped_out)',
      'dispatched urgent (fill)',
      'assigned urgent→A (match)',
      'dispatched c3 (fill)',
    ]);
  });

  test('stale answers and unknown ids change nothing', () => {
    const engine = engineWith([agent('A')], { mode: 'offer' });
    engine.apply(handoff('c', 1), 1);
    expect(engine.apply(accept('c', 'B'), 2)).toEqual([]);
    expect(engine.apply(close('nope'), 2)).toEqual([]);
    expect(engine.apply(handoff('c', 0), 2)).toEqual([]);
  });
});
