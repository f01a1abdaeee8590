/** A local moment in a schedule's zone: what "closed until Mon 09:00" prints. */
export interface LocalMoment {
  at: string;
  date: string;
  weekday: string;
  time: string;
}

/**
 * Where a waiting conversation stands now (SPEC R12), as `queue.position`
 * sends it whenever it changes: the estimate is null when there is no honest
 * number; `agentsReady` false when no qualifying agent is ready; `closedUntil`
 * the opening when out of business hours (R11).
 */
export interface QueueStanding {
  position: number;
  estimatedWaitSeconds?: number | null;
  agentsReady?: boolean;
  closedUntil?: LocalMoment | null;
}

/** WebSocket frames pushed on /api/v1/stream (see docs/events.md). */
export type StreamFrame =
  | { type: 'conversation.created'; data: { id: string; channelId: string; contactId: string; status: string } }
  | { type: 'conversation.status_changed'; data: { id: string; from: string | null; to: string; reason: string } }
  | { type: 'conversation.offered'; data: { id: string; agentId: string; expiresAt: string; reason: string } }
  | { type: 'conversation.offer_withdrawn'; data: { id: string; agentId: string; reason: string } }
  | { type: 'conversation.assigned'; data: { id: string; agentId: string; reason: string } }
  | { type: 'message.created'; data: { conversationId: string; id: string; sender: string; text: string } }
  | { type: 'message.delivery_changed'; data: { conversationId: string; id: string; delivery: string; error: string | null } }
  | { type: 'message.read'; data: { conversationId: string; messageId: string; who: 'customer' | 'agent' } }
  | { type: 'typing'; data: { conversationId: string; who: 'customer' | 'agent' } }
  | { type: 'queue.position'; data: QueueStanding & { conversationId: string } }
  | { type: 'agent.presence_changed'; data: { id: string; presence: string; reason: string | null } }
  | { type: 'contact.merged'; data: { id: string; mergedId: string } }
  | { type: 'hello'; data: { workspaceId: string; role: string; agentId: string | null } };
