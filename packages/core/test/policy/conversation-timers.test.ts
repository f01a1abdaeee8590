import { describe, expect, test } from 'vitest';
import { conversationTimers, DEFAULT_CONVERSATION_TIMERS, dueConversationTimers, type ConversationActivity } from '../../src/index.ts';

const on = { firstReplySeconds: 120, customerIdleSeconds: 600, customerIdleCloseSeconds: 300 };
const quiet: ConversationActivity = { assignedAt: null, agentRepliedAt: null, lastAgentMessageAt: null, lastCustomerMessageAt: null, idleReminderSentAt: null };

describe('the timers while an agent has the conversation (R13)', () => {
  test('all off by default', () => {
    expect(conversationTimers(DEFAULT_CONVERSATION_TIMERS, { ...quiet, assignedAt: 0, lastAgentMessageAt: 0 })).toEqual([]);
  });

  test('first reply is due firstReplySeconds after the assignment until the agent writes', () => {
    expect(conversationTimers(on, { ...quiet, assignedAt: 1_000, lastCustomerMessageAt: 500 })).toEqual([{ kind: 'first_reply', dueAt: 121_000 }]);
    expect(dueConversationTimers(on, { ...quiet, assignedAt: 1_000 }, 120_999)).toEqual([]);
    expect(dueConversationTimers(on, { ...quiet, assignedAt: 1_000 }, 121_000)).toEqual([{ kind: 'first_reply', dueAt: 121_000 }]);
    expect(conversationTimers(on, { ...quiet, assignedAt: 1_000, agentRepliedAt: 5_000, lastAgentMessageAt: 5_000, lastCustomerMessageAt: 6_000 })).toEqual([]);
  });

  test('a reply to an earlier assignment does not count for a new agent', () => {
    expect(conversationTimers(on, { ...quiet, assignedAt: 10_000, agentRepliedAt: 5_000, lastCustomerMessageAt: 9_000, lastAgentMessageAt: 5_000 })).toEqual([
      { kind: 'first_reply', dueAt: 130_000 },
    ]);
  });

  test('customer silent after the agent: reminder, then close after the reminder', () => {
    const replied = { ...quiet, assignedAt: 0, agentRepliedAt: 1_000, lastAgentMessageAt: 1_000, lastCustomerMessageAt: 500 };
    expect(conversationTimers(on, replied)).toEqual([{ kind: 'idle_reminder', dueAt: 601_000 }]);
    expect(conversationTimers(on, { ...replied, idleReminderSentAt: 601_500 })).toEqual([{ kind: 'idle_close', dueAt: 901_500 }]);
  });

  test('the customer answering, or the agent writing again, restarts the wait', () => {
    const reminded = { ...quiet, assignedAt: 0, agentRepliedAt: 1_000, lastAgentMessageAt: 1_000, idleReminderSentAt: 601_000 };
    expect(conversationTimers(on, { ...reminded, lastCustomerMessageAt: 700_000 })).toEqual([]);
    expect(conversationTimers(on, { ...reminded, lastAgentMessageAt: 800_000 })).toEqual([{ kind: 'idle_reminder', dueAt: 1_400_000 }]);
  });

  test('without a close delay the reminder is the last word', () => {
    const reminded = { ...quiet, assignedAt: 0, agentRepliedAt: 1_000, lastAgentMessageAt: 1_000, idleReminderSentAt: 601_000 };
    expect(conversationTimers({ ...on, customerIdleCloseSeconds: null }, reminded)).toEqual([]);
  });
});
