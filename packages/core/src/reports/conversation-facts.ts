/**
 * Report figures are derived from each conversation's append-only history
 * (docs/metrics.md): this file turns one conversation's events and agent
 * messages into the facts the reports count, so any figure can be traced to
 * the rows that made it.
 */

/** One conversation_events row, as reports read it. */
export interface HistoryEvent {
  at: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  cause: string;
  /** `data.agentId` of assigned/offered rows. */
  agentId: string | null;
}

export interface ConversationHistory {
  id: string;
  /** In the order they were written. */
  events: HistoryEvent[];
  /** The agents' (public) messages, in order. */
  agentMessages: Array<{ at: number; agentId: string | null }>;
}

/** One stretch of a conversation with one agent: from its assignment to a transfer away, a requeue or the close. */
export interface AgentSegment {
  agentId: string;
  start: number;
  /** null while the agent still has it. */
  end: number | null;
  endedBy: 'transfer' | 'requeued' | 'completed' | null;
  /** Came to this agent by a transfer (to the agent, or through routing after a transfer to skills). */
  transferredIn: boolean;
  firstReplyAt: number | null;
}

export interface ConversationFacts {
  id: string;
  /** The first hand-off to a person (→ waiting from bot/script/new); null = never queued (agent-started). */
  handoffAt: number | null;
  /** The first assignment after the hand-off. */
  answeredAt: number | null;
  completedAt: number | null;
  completedReason: string | null;
  /** Completed with reason `abandoned` before any agent had it. */
  abandoned: boolean;
  transfers: number;
  segments: AgentSegment[];
  /** The last wrap-up end (`wrap_up_ended`) and the agent whose wrap-up it was; null = none ended. */
  wrapUpEndedAt: number | null;
  wrapUpAgentId: string | null;
}

const isTransferRequeue = (e: HistoryEvent) => e.type === 'status_changed' && e.toStatus === 'waiting' && e.cause === 'transfer';

export function conversationFacts(history: ConversationHistory): ConversationFacts {
  const facts: ConversationFacts = {
    id: history.id, handoffAt: null, answeredAt: null, completedAt: null, completedReason: null, abandoned: false, transfers: 0, segments: [],
    wrapUpEndedAt: null, wrapUpAgentId: null,
  };
  let open: AgentSegment | null = null;
  let pendingTransfer = false;
  const close = (at: number, endedBy: AgentSegment['endedBy']) => {
    if (open) Object.assign(open, { end: at, endedBy });
    open = null;
  };
  for (const e of history.events) {
    if (e.type === 'status_changed' && e.toStatus === 'waiting' && facts.handoffAt === null && !isTransferRequeue(e)) facts.handoffAt = e.at;
    if (e.type === 'assigned' && e.agentId) {
      const byTransfer = e.cause === 'transfer' || pendingTransfer;
      if (e.cause === 'transfer') facts.transfers++;
      close(e.at, 'transfer');
      open = { agentId: e.agentId, start: e.at, end: null, endedBy: null, transferredIn: byTransfer, firstReplyAt: null };
      facts.segments.push(open);
      pendingTransfer = false;
      if (facts.answeredAt === null && facts.handoffAt !== null) facts.answeredAt = e.at;
    } else if (isTransferRequeue(e)) {
      facts.transfers++;
      pendingTransfer = true;
      close(e.at, 'transfer');
    } else if (e.type === 'status_changed' && e.fromStatus === 'processing' && e.toStatus === 'waiting') {
      close(e.at, 'requeued');
    } else if (e.type === 'status_changed' && e.toStatus === 'completed') {
      facts.completedAt = e.at;
      facts.completedReason = e.cause;
      facts.abandoned = e.cause === 'abandoned' && facts.answeredAt === null;
      close(e.at, 'completed');
    } else if (e.type === 'wrap_up_ended') {
      facts.wrapUpEndedAt = e.at;
      facts.wrapUpAgentId = e.agentId;
    }
  }
  attachReplies(facts.segments, history.agentMessages);
  return facts;
}

/** A segment's first reply: the first message its agent sent while holding it. */
function attachReplies(segments: AgentSegment[], messages: ConversationHistory['agentMessages']) {
  for (const s of segments) {
    const reply = messages.find((m) => m.agentId === s.agentId && m.at >= s.start && (s.end === null || m.at <= s.end));
    s.firstReplyAt = reply ? reply.at : null;
  }
}
