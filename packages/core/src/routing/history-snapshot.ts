import type { AgentPresence } from '../statuses.ts';
import type { AgentState, PendingOffer, RoutedConversation, RoutedStatus, RoutingSettings, RoutingSnapshot } from './types.ts';

/**
 * The routing state at a past moment, rebuilt from the append-only history
 * (SPEC §5 "Why", `?at=`): what the engine would have been handed had it been
 * rebuilt from the tables then. Pure: the server reads the rows, this folds
 * them, and the same engine answers the question.
 */

/** One conversation_events row as the rebuild reads it. */
export interface RecordedEvent {
  /** The row's id: the history's order (several rows share one `at`). */
  id: number;
  at: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  cause: string;
  data: Readonly<Record<string, unknown>>;
}

export interface RecordedConversation {
  id: string;
  /** R2 key as stored (kept on requeue and transfer). */
  queueKey: number;
  /** The requirements now; the history says what they were before any later change. */
  skills: readonly string[];
  /** The contact's last agent as of the moment (sticky routing). */
  lastAgentId: string | null;
  /** Its rows, in id order; rows after the moment are allowed (they tell earlier requirements). */
  events: readonly RecordedEvent[];
}

/** An agent as of the moment: presence from its latest presence row, idle clock from its history. */
export interface RecordedAgent {
  id: string;
  /** Capacity and skills at the moment: the replay recording's (routing_inputs), else the agent's current ones (docs/explain.md#at). */
  capacity: number;
  skills: Readonly<Record<string, number>>;
  /** The latest presence row at or before the moment; none = offline. */
  presence: AgentPresence | null;
  /** When its current ready stretch began (presence became ready from something else), if ready. */
  readySince: number | null;
  /** Its latest assignment before the moment. */
  lastAssignedAt: number | null;
}

/** Up to and including `at`, and (when given) only rows before the history row `beforeId`. */
export interface HistoryCut {
  at: number;
  beforeId?: number;
}

const ROUTED = new Set(['waiting', 'dispatching', 'processing']);

export const isBeforeCut = (e: Pick<RecordedEvent, 'id' | 'at'>, cut: HistoryCut) => e.at <= cut.at && (cut.beforeId === undefined || e.id < cut.beforeId);

/** The status after the rows up to the cut; null when none had been written (it did not exist yet). */
export function statusAt(events: readonly RecordedEvent[], cut: HistoryCut): string | null {
  let status: string | null = null;
  for (const e of events) if (isBeforeCut(e, cut) && e.type === 'status_changed' && e.toStatus) status = e.toStatus;
  return status;
}

/** The conversation as the engine would have held it at the cut; null when it was not being routed then. */
export function conversationAt(conv: RecordedConversation, cut: HistoryCut): RoutedConversation | null {
  let status: string | null = null;
  let agentId: string | null = null;
  let offer: PendingOffer | null = null;
  let declinedBy: string[] = [];
  for (const e of conv.events) {
    if (!isBeforeCut(e, cut)) break;
    const agent = typeof e.data.agentId === 'string' ? e.data.agentId : null;
    if (e.type === 'status_changed' && e.toStatus) {
      status = e.toStatus;
      if (status !== 'processing') agentId = null;
      if (status !== 'dispatching') offer = null;
      // A fresh hand-off (from the bot, or a new conversation) starts with nobody declined.
      if (status === 'waiting' && (e.fromStatus === 'bot' || e.fromStatus === 'new' || e.fromStatus === null)) declinedBy = [];
    } else if (e.type === 'assigned' && agent) {
      agentId = agent;
      offer = null;
    } else if (e.type === 'offered' && agent) {
      offer = { agentId: agent, expiresAt: Number(e.data.expiresAt) };
    } else if (e.type === 'offer_withdrawn') {
      if (agent && (e.cause === 'rejected' || e.cause === 'offer_timeout') && !declinedBy.includes(agent)) declinedBy.push(agent);
      offer = null;
    }
  }
  if (status === null || !ROUTED.has(status)) return null;
  return {
    id: conv.id,
    status: status as RoutedStatus,
    skills: skillsAt(conv, cut),
    queueKey: conv.queueKey,
    agentId: status === 'processing' ? agentId : null,
    offer: status === 'dispatching' ? offer : null,
    declinedBy,
    lastAgentId: conv.lastAgentId,
    relaxation: null,
    relaxAt: null,
  };
}

/**
 * The requirements at the cut: the latest change at or before it (R10 relax
 * `to`, a transfer's `skills`); else the first later relax's `from`; else the
 * current ones (nothing changed them since).
 */
export function skillsAt(conv: RecordedConversation, cut: HistoryCut): readonly string[] {
  let before: readonly string[] | null = null;
  for (const e of conv.events) {
    const changed = changedSkills(e);
    if (!changed) continue;
    if (isBeforeCut(e, cut)) before = changed.to;
    else return before ?? changed.from ?? conv.skills;
  }
  return before ?? conv.skills;
}

function changedSkills(e: RecordedEvent): { from: readonly string[] | null; to: readonly string[] } | null {
  const list = (v: unknown) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : null);
  if (e.type === 'requirements_relaxed') {
    const to = list(e.data.to);
    return to ? { from: list(e.data.from), to } : null;
  }
  if (e.type === 'transferred') {
    const to = list(e.data.skills);
    return to ? { from: null, to } : null;
  }
  return null;
}

/** The agent's engine state at the moment: the idle clock restarts on assignment and on becoming ready (R4). */
export function agentAt(agent: RecordedAgent): AgentState {
  return {
    id: agent.id,
    presence: agent.presence ?? 'offline',
    capacity: agent.capacity,
    skills: agent.skills,
    lastAssignedAt: Math.max(agent.lastAssignedAt ?? 0, agent.presence === 'ready' ? (agent.readySince ?? 0) : 0),
  };
}

/** Everything the engine needs at the cut. */
export function snapshotFromHistory(settings: RoutingSettings, agents: readonly RecordedAgent[], conversations: readonly RecordedConversation[], cut: HistoryCut): RoutingSnapshot {
  return {
    settings,
    agents: agents.map(agentAt),
    conversations: conversations.flatMap((c) => {
      const routed = conversationAt(c, cut);
      return routed ? [routed] : [];
    }),
  };
}
