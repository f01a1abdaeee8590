/**
 * Conversation statuses (SPEC §2) and the transition table. Every status change
 * in the product goes through `assertTransition`, so an impossible move is a
 * bug caught at the point it is attempted, never a silent column update.
 */
export const CONVERSATION_STATUSES = [
  /** The customer is talking to the keyword bot / knowledge base. */
  'bot',
  /** The customer is inside a conversation script, in progress or just ended. */
  'script',
  /** Asked for a person; queued in assignment-weight order (R2). */
  'waiting',
  /** Being matched to, or offered to, a qualifying agent (R3–R5). */
  'dispatching',
  /** An agent has it. */
  'processing',
  /** Finished: resolved, closed, abandoned or timed out. Terminal. */
  'completed',
] as const;

export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

const TRANSITIONS: Record<ConversationStatus, readonly ConversationStatus[]> = {
  bot: ['script', 'waiting', 'dispatching', 'processing', 'completed'],
  script: ['bot', 'waiting', 'dispatching', 'processing', 'completed'],
  waiting: ['dispatching', 'processing', 'bot', 'completed'],
  dispatching: ['waiting', 'processing', 'bot', 'completed'],
  processing: ['waiting', 'dispatching', 'processing', 'bot', 'completed'],
  completed: [],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isConversationStatus(value: unknown): value is ConversationStatus {
  return typeof value === 'string' && (CONVERSATION_STATUSES as readonly string[]).includes(value);
}

/** In the routing queue: customer messages are never answered by bot or script (R7). */
export function isRouted(status: ConversationStatus): boolean {
  return status === 'waiting' || status === 'dispatching' || status === 'processing';
}

/** Bot or script owns the conversation: customer messages drive them. */
export function isAutomated(status: ConversationStatus): boolean {
  return status === 'bot' || status === 'script';
}

export function isOpen(status: ConversationStatus): boolean {
  return status !== 'completed';
}

export const AGENT_PRESENCES = ['offline', 'away', 'ready'] as const;
export type AgentPresence = (typeof AGENT_PRESENCES)[number];

export const AGENT_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];
