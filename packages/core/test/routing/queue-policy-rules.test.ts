import { describe, expect, test } from 'vitest';
import { RoutingEngine, type RelaxationPolicy, type RoutingEvent } from '../../src/index.ts';
import { accept, agent, engineWith, handoff, presence, statusOf, story, tick } from './support/builders.ts';

const relaxing = (id: string, queueKey: number, skills: string[], relaxation: RelaxationPolicy): RoutingEvent => ({
  type: 'handoff',
  conversation: { id, skills, queueKey, relaxation },
});
const firstReply = (conversationId: string, agentId: string): RoutingEvent => ({ type: 'first_reply_timeout', conversationId, agentId });

describe('R10 skill relaxation after N seconds', () => {
  test('waits with its skills until the deadline, then relaxes once and is matched by the new requirements', () => {
    const engine = engineWith([agent('EN', { skills: { en: 1 } }), agent('JA', { presence: 'away', skills: { ja: 1 } })]);
    expect(engine.apply(relaxing('j1', 1_000, ['ja'], { relaxTo: [], relaxAfterSeconds: 60 }), 1_000)).toEqual([]);
    expect(engine.conversation('j1')).toMatchObject({ relaxAt: 61_000, skills: ['ja'] });
    expect(engine.nextDeadline()).toBe(61_000);

    expect(engine.apply(tick, 60_999)).toEqual([]);
    expect(story(engine.apply(tick, 61_000))).toEqual(['relaxed j1 [ja]→[] (waited)', 'dispatched j1 (fill)', 'assigned j1→EN (match)']);
    expect(engine.conversation('j1')).toMatchObject({ skills: [], relaxation: null, relaxAt: null, queueKey: 1_000 });
    expect(engine.nextDeadline()).toBeNull();
  });

  test('keeps its key: relaxed into a busy group, it goes before those who asked later', () => {
    const engine = engineWith([agent('EN', { capacity: 1, presence: 'away', skills: { en: 1 } })]);
    engine.apply(relaxing('j1', 100, ['ja'], { relaxTo: ['en'], relaxAfterSeconds: 30 }), 100);
    engine.apply(handoff('e1', 200, ['en']), 200);
    engine.apply(tick, 30_100);
    expect(engine.conversation('j1')?.skills).toEqual(['en']);

    expect(story(engine.apply(presence('EN', 'ready'), 40_000))).toEqual(['dispatched j1 (fill)', 'assigned j1→EN (match)']);
    expect(statusOf(engine, 'e1')).toBe('waiting');
  });

  test('any event after the deadline relaxes it, the tick is only the timer', () => {
    const engine = engineWith([agent('EN', { skills: { en: 1 } })]);
    engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: ['en'], relaxAfterSeconds: 10 }), 0);
    expect(story(engine.apply(handoff('e1', 20_000, ['en']), 20_000))).toEqual([
      'relaxed j1 [ja]→[en] (waited)',
      'dispatched j1 (fill)',
      'assigned j1→EN (match)',
      'dispatched e1 (fill)',
      'assigned e1→EN (match)',
    ]);
  });

  test('an offered conversation relaxes only once its offer ends without a pick-up', () => {
    const engine = engineWith([agent('JA', { skills: { ja: 1 } }), agent('EN', { presence: 'away', skills: { en: 1 } })], { mode: 'offer' });
    engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: ['en'], relaxAfterSeconds: 10 }), 0);
    expect(engine.conversation('j1')?.offer?.agentId).toBe('JA');
    // While offered the relaxation is not actionable: the next deadline is the offer's.
    expect(engine.nextDeadline()).toBe(30_000);
    engine.apply(presence('EN', 'ready'), 10_000);
    expect(engine.conversation('j1')?.skills).toEqual(['ja']);
    // The offer expires at 30 s: JA is set away, j1 is free again and relaxes at once.
    expect(story(engine.apply(tick, 30_000))).toEqual([
      'offer_withdrawn j1→JA (offer_timeout)',
      'agent_away JA (missed)',
      'relaxed j1 [ja]→[en] (waited)',
      'offered j1→EN (match)',
    ]);
  });
});

describe('R10 skill relaxation when nobody holding the skills is online', () => {
  test('an away agent holding the skills counts as online; when it signs off the conversation relaxes', () => {
    const engine = engineWith([agent('EN', { skills: { en: 1 } }), agent('JA', { presence: 'away', skills: { ja: 1 } })]);
    expect(engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: [], relaxWhenNoneOnline: true }), 0)).toEqual([]);
    expect(engine.nextDeadline()).toBeNull();

    expect(story(engine.apply(presence('JA', 'offline'), 5_000))).toEqual([
      'relaxed j1 [ja]→[] (none_online)',
      'dispatched j1 (fill)',
      'assigned j1→EN (match)',
    ]);
  });

  test('at night with no such agent it relaxes at the handoff itself', () => {
    const engine = engineWith([agent('EN', { skills: { en: 1 } })]);
    expect(story(engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: ['en'], relaxWhenNoneOnline: true }), 0))).toEqual([
      'relaxed j1 [ja]→[en] (none_online)',
      'dispatched j1 (fill)',
      'assigned j1→EN (match)',
    ]);
  });

  test('relaxes once: the relaxed requirements stay when nobody holds them either', () => {
    const engine = engineWith([agent('EN', { presence: 'offline', skills: { en: 1 } })]);
    const first = engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: ['en'], relaxAfterSeconds: 5, relaxWhenNoneOnline: true }), 0);
    expect(story(first)).toEqual(['relaxed j1 [ja]→[en] (none_online)']);
    expect(engine.apply(tick, 10_000)).toEqual([]);
    expect(engine.conversation('j1')).toMatchObject({ skills: ['en'], relaxation: null });
  });

  test('a transfer to skills drops a pending relaxation', () => {
    const engine = engineWith([agent('JA', { presence: 'away', skills: { ja: 1, vip: 1 } })]);
    engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: [], relaxAfterSeconds: 5, relaxWhenNoneOnline: true }), 0);
    engine.apply({ type: 'transferred_to_skills', conversationId: 'j1', skills: ['vip'] }, 1_000);
    expect(engine.apply(presence('JA', 'offline'), 10_000)).toEqual([]);
    expect(engine.conversation('j1')).toMatchObject({ skills: ['vip'], relaxation: null, relaxAt: null });
  });

  test('a delay that is not a number of seconds sets no deadline', () => {
    const engine = engineWith([agent('EN', { presence: 'away', skills: { en: 1 } })]);
    engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: ['en'], relaxAfterSeconds: Number.NaN }), 0);
    engine.apply(relaxing('j2', 0, ['ja'], { relaxTo: ['en'], relaxAfterSeconds: -5 }), 0);
    expect(engine.nextDeadline()).toBeNull();
    expect(engine.apply(tick, 1e9)).toEqual([]);
  });

  test('a rebuilt engine keeps the policy and its deadline', () => {
    const engine = engineWith([agent('EN', { presence: 'away', skills: { en: 1 } })]);
    engine.apply(relaxing('j1', 0, ['ja'], { relaxTo: ['en'], relaxAfterSeconds: 5 }), 0);
    const rebuilt = engineWith([agent('EN', { presence: 'away', skills: { en: 1 } })], {}, JSON.parse(JSON.stringify(engine.snapshot().conversations)));
    expect(rebuilt.nextDeadline()).toBe(5_000);
    expect(story(rebuilt.apply(tick, 5_000))).toEqual(['relaxed j1 [ja]→[en] (waited)']);
  });
});

describe('R13 first-reply timeout', () => {
  test('the silent agent loses it back to routing with its key, and another agent gets it', () => {
    const engine = engineWith([agent('A', { lastAssignedAt: 0 }), agent('B', { lastAssignedAt: 5 })]);
    engine.apply(handoff('c1', 100), 100);
    expect(engine.conversation('c1')?.agentId).toBe('A');

    expect(story(engine.apply(firstReply('c1', 'A'), 60_000))).toEqual(['requeued c1 (first_reply_timeout)', 'dispatched c1 (fill)', 'assigned c1→B (match)']);
    expect(engine.conversation('c1')).toMatchObject({ queueKey: 100, declinedBy: ['A'] });
    expect(engine.snapshot().agents.find((a) => a.id === 'A')?.presence).toBe('ready');
  });

  test('is not sticky to the silent agent, and goes back to it only when nobody else can take it', () => {
    const engine = engineWith([agent('A'), agent('B', { presence: 'away' })], { stickyAgent: true });
    engine.apply(handoff('c1', 100, [], 'A'), 100);
    expect(story(engine.apply(firstReply('c1', 'A'), 60_000))).toEqual(['requeued c1 (first_reply_timeout)', 'dispatched c1 (fill)', 'assigned c1→A (match)']);
  });

  test('in offer mode it is offered to another agent', () => {
    const engine = engineWith([agent('A', { lastAssignedAt: 0 }), agent('B', { lastAssignedAt: 5 })], { mode: 'offer' });
    engine.apply(handoff('c1', 100), 100);
    engine.apply(accept('c1', 'A'), 200);
    expect(story(engine.apply(firstReply('c1', 'A'), 60_000))).toEqual(['requeued c1 (first_reply_timeout)', 'dispatched c1 (fill)', 'offered c1→B (match)']);
  });

  test('a stale timer (the conversation moved to another agent, or left routing) changes nothing', () => {
    const engine = engineWith([agent('A'), agent('B', { presence: 'away' })]);
    engine.apply(handoff('c1', 100), 100);
    engine.apply({ type: 'transferred_to_agent', conversationId: 'c1', agentId: 'B' }, 200);
    expect(engine.apply(firstReply('c1', 'A'), 60_000)).toEqual([]);
    expect(engine.apply(firstReply('gone', 'A'), 60_000)).toEqual([]);
  });
});

describe('R10 "none online" with several groups', () => {
  test('relaxes in queue order, as an engine rebuilt from its snapshot does (the groups were made in another order)', () => {
    const policy = { relaxTo: [], relaxWhenNoneOnline: true };
    // Online but with no seat: the conversations wait until nobody holding their skills is online.
    const engine = engineWith([agent('EJ', { capacity: 0, skills: { en: 1, ja: 1 } })]);
    // The en group is made first, by a conversation that then leaves; the snapshot lists ja's j1 before en's e2.
    engine.apply(relaxing('e0', 0, ['en'], policy), 0);
    engine.apply({ type: 'conversation_closed', conversationId: 'e0' }, 1);
    engine.apply(relaxing('j1', 100, ['ja'], policy), 100);
    engine.apply(relaxing('e2', 200, ['en'], policy), 200);
    const rebuilt = new RoutingEngine(JSON.parse(JSON.stringify(engine.snapshot())));
    const away = presence('EJ', 'offline');
    const live = story(engine.apply(away, 300));
    expect(live.filter((line) => line.startsWith('relaxed'))).toEqual(['relaxed j1 [ja]→[] (none_online)', 'relaxed e2 [en]→[] (none_online)']);
    expect(story(rebuilt.apply(away, 300))).toEqual(live);
  });
});
