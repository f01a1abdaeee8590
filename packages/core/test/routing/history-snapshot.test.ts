import { describe, expect, it } from 'vitest';
import { conversationAt, skillsAt, statusAt, type RecordedConversation, type RecordedEvent } from '../../src/routing/history-snapshot.ts';

let id = 0;
const row = (at: number, type: string, extra: Partial<RecordedEvent> = {}): RecordedEvent => ({ id: ++id, at, type, fromStatus: null, toStatus: null, cause: 'x', data: {}, ...extra });
const status = (at: number, from: string, to: string, cause = 'x') => row(at, 'status_changed', { fromStatus: from, toStatus: to, cause });
const conv = (events: RecordedEvent[], skills: string[] = ['billing']): RecordedConversation => ({ id: 'c', queueKey: 5, skills, lastAgentId: null, events });

describe('the routing state of one conversation at a past moment', () => {
  it('status, offer and declined agents follow the rows up to the cut', () => {
    const events = [
      status(10, 'new', 'waiting'),
      status(20, 'waiting', 'dispatching', 'fill'),
      row(20, 'offered', { data: { agentId: 'a', expiresAt: 50 } }),
      row(50, 'offer_withdrawn', { cause: 'offer_timeout', data: { agentId: 'a' } }),
      row(60, 'offered', { data: { agentId: 'b', expiresAt: 90 } }),
      row(70, 'assigned', { cause: 'offer_accepted', data: { agentId: 'b' } }),
      status(70, 'dispatching', 'processing', 'offer_accepted'),
    ];
    const c = conv(events);
    expect(conversationAt(c, { at: 5 })).toBeNull();
    expect(conversationAt(c, { at: 15 })).toMatchObject({ status: 'waiting', offer: null, agentId: null, declinedBy: [] });
    expect(conversationAt(c, { at: 30 })).toMatchObject({ status: 'dispatching', offer: { agentId: 'a', expiresAt: 50 } });
    expect(conversationAt(c, { at: 55 })).toMatchObject({ status: 'dispatching', offer: null, declinedBy: ['a'] });
    expect(conversationAt(c, { at: 80 })).toMatchObject({ status: 'processing', agentId: 'b', offer: null, declinedBy: ['a'] });
    // Just before the assigned row (same moment): still offered to b.
    expect(conversationAt(c, { at: 70, beforeId: events[5]!.id })).toMatchObject({ status: 'dispatching', offer: { agentId: 'b' } });
    expect(statusAt(events, { at: 100 })).toBe('processing');
  });

  it('requirements: the latest change before the cut, else a later relax says what they were, else today\'s', () => {
    const events = [
      status(10, 'bot', 'waiting'),
      row(30, 'requirements_relaxed', { data: { from: ['billing', 'vip'], to: ['billing'] } }),
      row(60, 'transferred', { data: { skills: ['refunds'] } }),
    ];
    const c = conv(events, ['refunds']);
    expect(skillsAt(c, { at: 20 })).toEqual(['billing', 'vip']);
    expect(skillsAt(c, { at: 40 })).toEqual(['billing']);
    expect(skillsAt(c, { at: 70 })).toEqual(['refunds']);
    expect(skillsAt(conv([status(10, 'bot', 'waiting')], ['x']), { at: 20 })).toEqual(['x']);
  });

  it('completed, or back with the bot, it is not routed', () => {
    const c = conv([status(10, 'bot', 'waiting'), status(20, 'waiting', 'completed', 'abandoned')]);
    expect(conversationAt(c, { at: 25 })).toBeNull();
    expect(statusAt(c.events, { at: 25 })).toBe('completed');
  });
});
