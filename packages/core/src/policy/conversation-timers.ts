/**
 * R13's timers while an agent has the conversation, as pure deadlines. The
 * server stores the activity columns below, asks for the deadlines after
 * every change, and fires what is due: `first_reply` becomes the routing
 * engine's `first_reply_timeout` event; `idle_reminder` sends the channel's
 * idle reminder; `idle_close` completes the conversation (reason
 * `customer_idle`). Recomputing from the activity, never from memory, is
 * what lets the timers survive a restart.
 */

export interface ConversationTimerSettings {
  /** Assigned agent silent this long → back to routing. Null = off (the default). */
  firstReplySeconds: number | null;
  /** Customer silent this long after the agent's last message → idle reminder. Null = off. */
  customerIdleSeconds: number | null;
  /** Then silent this much longer after the reminder → completed `customer_idle`. Null = never closed. */
  customerIdleCloseSeconds: number | null;
}

export const DEFAULT_CONVERSATION_TIMERS: ConversationTimerSettings = {
  firstReplySeconds: null,
  customerIdleSeconds: null,
  customerIdleCloseSeconds: null,
};

/** Epoch ms, null when it never happened. Only meaningful while `processing`. */
export interface ConversationActivity {
  /** When the current agent got it (assigned or offer accepted). */
  assignedAt: number | null;
  /** The current agent's first message since assignedAt. */
  agentRepliedAt: number | null;
  lastAgentMessageAt: number | null;
  lastCustomerMessageAt: number | null;
  idleReminderSentAt: number | null;
}

export type ConversationTimerKind = 'first_reply' | 'idle_reminder' | 'idle_close';

export interface ConversationTimer {
  kind: ConversationTimerKind;
  dueAt: number;
}

/** Every pending deadline, earliest first. */
export function conversationTimers(settings: ConversationTimerSettings, activity: ConversationActivity): ConversationTimer[] {
  const timers: ConversationTimer[] = [];
  const { assignedAt, agentRepliedAt } = activity;
  if (settings.firstReplySeconds !== null && assignedAt !== null && (agentRepliedAt === null || agentRepliedAt < assignedAt)) {
    timers.push({ kind: 'first_reply', dueAt: assignedAt + settings.firstReplySeconds * 1000 });
  }
  const idle = idleTimer(settings, activity);
  if (idle) timers.push(idle);
  return timers.sort((a, b) => a.dueAt - b.dueAt);
}

/** The deadlines that have passed at `now`, earliest first. */
export function dueConversationTimers(settings: ConversationTimerSettings, activity: ConversationActivity, now: number): ConversationTimer[] {
  return conversationTimers(settings, activity).filter((t) => t.dueAt <= now);
}

/**
 * The customer is idle only while the agent spoke last. A reminder counts for
 * the agent message it followed; a new agent message starts the wait again.
 */
function idleTimer(settings: ConversationTimerSettings, activity: ConversationActivity): ConversationTimer | null {
  const { lastAgentMessageAt: agentAt, lastCustomerMessageAt: customerAt, idleReminderSentAt: remindedAt } = activity;
  if (agentAt === null || (customerAt !== null && customerAt >= agentAt)) return null;
  const reminded = remindedAt !== null && remindedAt >= agentAt;
  if (!reminded) {
    return settings.customerIdleSeconds === null ? null : { kind: 'idle_reminder', dueAt: agentAt + settings.customerIdleSeconds * 1000 };
  }
  if (settings.customerIdleCloseSeconds === null || (customerAt !== null && customerAt >= remindedAt)) return null;
  return { kind: 'idle_close', dueAt: remindedAt + settings.customerIdleCloseSeconds * 1000 };
}
