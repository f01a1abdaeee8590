import { describe, expect, it } from 'vitest';
import { agentFigures, conversationFacts, summaryFigures, type HistoryEvent } from '../../src/reports/index.ts';

const s = 1000;
const ev = (at: number, type: string, cause: string, from: string | null = null, to: string | null = null, agentId: string | null = null): HistoryEvent => ({
  at: at * s, type, cause, fromStatus: from, toStatus: to, agentId,
});
const queued = (at: number) => ev(at, 'status_changed', 'handoff_keyword', 'bot', 'waiting');
const assigned = (at: number, agentId: string, cause = 'match') => [ev(at, 'status_changed', cause, 'waiting', 'processing'), ev(at, 'assigned', cause, null, null, agentId)];
const closed = (at: number, cause = 'closed_by_agent', from = 'processing') => ev(at, 'status_changed', cause, from, 'completed');
const options = { serviceLevelSeconds: 20, shortAbandonSeconds: 0 };

describe('report figures from history', () => {
  const served = conversationFacts({ id: 'a', events: [queued(0), ...assigned(10, 'ann'), closed(310)], agentMessages: [{ at: 40 * s, agentId: 'ann' }] });
  const slow = conversationFacts({ id: 'b', events: [queued(0), ...assigned(30, 'bob'), closed(130)], agentMessages: [] });
  const left = conversationFacts({ id: 'c', events: [queued(0), closed(4, 'abandoned', 'waiting')], agentMessages: [] });
  const moved = conversationFacts({
    id: 'd',
    events: [queued(100), ...assigned(105, 'ann'), ev(200, 'assigned', 'transfer', null, null, 'bob'), ev(260, 'status_changed', 'transfer', 'processing', 'waiting'), ...assigned(270, 'cat'), closed(400)],
    agentMessages: [{ at: 110 * s, agentId: 'ann' }, { at: 230 * s, agentId: 'bob' }],
  });

  it('counts handled, abandoned, service level (abandons count against it), ASA, first response, handle time, transfers', () => {
    expect(summaryFigures([served, slow, left, moved], options)).toEqual({
      offered: 4, handled: 3, abandoned: 1, shortAbandoned: 0, abandonRate: 0.25,
      serviceLevel: { thresholdSeconds: 20, ratio: 0.5 },
      averageSpeedOfAnswerSeconds: 15, // (10 + 30 + 5) / 3
      averageFirstResponseSeconds: 17.5, // (30 + 5) / 2: bob never replied
      averageHandleSeconds: 231.7, // (300 + 100 + 295) / 3
      transfers: 2, csat: { responses: 0, average: null },
    });
  });

  it('leaves short abandons out of offered, abandoned and service level when shortAbandonSeconds says so', () => {
    const figures = summaryFigures([served, slow, left, moved], { serviceLevelSeconds: 20, shortAbandonSeconds: 5 });
    expect(figures).toMatchObject({ offered: 3, abandoned: 0, shortAbandoned: 1, abandonRate: 0, serviceLevel: { ratio: 0.6667 } });
  });

  it('per agent: segments, transfers in and out, first reply within each segment', () => {
    expect(agentFigures([served, slow, left, moved])).toEqual([
      { agentId: 'ann', handled: 1, averageHandleSeconds: 300, averageFirstResponseSeconds: 17.5, transfersIn: 0, transfersOut: 1, averageWrapUpSeconds: null },
      { agentId: 'bob', handled: 1, averageHandleSeconds: 100, averageFirstResponseSeconds: 30, transfersIn: 1, transfersOut: 1, averageWrapUpSeconds: null },
      { agentId: 'cat', handled: 1, averageHandleSeconds: 130, averageFirstResponseSeconds: null, transfersIn: 1, transfersOut: 0, averageWrapUpSeconds: null },
    ]);
  });

  it('nothing counted gives nulls, not zeros', () => {
    expect(summaryFigures([], options)).toMatchObject({ handled: 0, abandonRate: null, serviceLevel: { ratio: null }, averageSpeedOfAnswerSeconds: null });
  });
});
