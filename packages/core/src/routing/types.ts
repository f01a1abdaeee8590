import type { AgentPresence } from '../statuses.ts';

/**
 * The routing engine's vocabulary (SPEC §3). The engine is a deterministic,
 * I/O-free state machine: `apply(event, now)` mutates its in-memory indexes and
 * returns the decisions the service must persist, in order. Times are epoch
 * milliseconds supplied by the caller (a fake clock in tests).
 */

export type RoutingMode = 'auto' | 'offer';
/** What happens to an agent's `processing` conversations when it goes `offline` (R6). */
export type OfflinePolicy = 'keep' | 'requeue';

export interface RoutingSettings {
  mode: RoutingMode;
  /** k in R1: dispatch limit L = k × ready agents. */
  dispatchPerAgent: number;
  offerTimeoutMs: number;
  /** Prefer the contact's last agent when qualifying and free (R4). */
  stickyAgent: boolean;
  offlinePolicy: OfflinePolicy;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  mode: 'auto',
  dispatchPerAgent: 3,
  offerTimeoutMs: 30_000,
  stickyAgent: true,
  offlinePolicy: 'keep',
};

export interface AgentState {
  id: string;
  presence: AgentPresence;
  capacity: number;
  /** Skill name → level 1–5. */
  skills: Readonly<Record<string, number>>;
  /** When the agent was last given work (or became ready); the "idle longest" tie-break (R4). */
  lastAssignedAt: number;
}

export type RoutedStatus = 'waiting' | 'dispatching' | 'processing';

export interface PendingOffer {
  agentId: string;
  expiresAt: number;
}

/**
 * R10: how a waiting conversation's requirements relax, once. Given with the
 * handoff (the channel's or the workspace's setting); the engine keeps it
 * until it applies, the conversation leaves routing, or a transfer to skills
 * replaces the requirements.
 */
export interface RelaxationPolicy {
  /** The requirements after relaxing; empty = any ready agent. */
  relaxTo: readonly string[];
  /** Relax once this many seconds have passed since the handoff. */
  relaxAfterSeconds?: number | null;
  /** Relax when no agent who holds the required skills is `ready` or `away`. */
  relaxWhenNoneOnline?: boolean;
}

export interface RoutedConversation {
  id: string;
  status: RoutedStatus;
  /** Required skill names, lower-case, sorted, unique. Defines the requirement group. */
  skills: readonly string[];
  /** R2 key: handoff time − base priority × 1000. Lower goes first; kept on requeue. */
  queueKey: number;
  /** The assignee while `processing`; null otherwise. */
  agentId: string | null;
  /** A pending offer while `dispatching` in offer mode; null otherwise. */
  offer: PendingOffer | null;
  /** Agents who rejected it or let its offer expire: others are preferred (R4). */
  declinedBy: readonly string[];
  /** The contact's last agent, for sticky routing. */
  lastAgentId: string | null;
  /** R10 policy not yet applied; null or absent = none. */
  relaxation?: RelaxationPolicy | null;
  /** R10 deadline the server stores: handoff time + relaxAfterSeconds. */
  relaxAt?: number | null;
}

export interface RoutingSnapshot {
  settings: RoutingSettings;
  agents: readonly AgentState[];
  conversations: readonly RoutedConversation[];
}

export type RoutingEvent =
  /** A conversation asks for a person: it enters `waiting` with its key, then routing runs. */
  | {
      type: 'handoff';
      conversation: { id: string; skills: readonly string[]; queueKey: number; lastAgentId?: string | null; relaxation?: RelaxationPolicy | null };
    }
  /** Agent created or its capacity / skills / presence changed (full replacement). */
  | { type: 'agent_upserted'; agent: AgentState }
  /** The agent is gone or deactivated: it keeps nothing, whatever the offline policy (reason recorded on each requeue). */
  | { type: 'agent_removed'; agentId: string; reason?: 'agent_deactivated' }
  | { type: 'presence_changed'; agentId: string; presence: AgentPresence }
  | { type: 'offer_accepted'; conversationId: string; agentId: string }
  | { type: 'offer_rejected'; conversationId: string; agentId: string }
  /** Time passed: offers with expiresAt ≤ now expire, relaxations with relaxAt ≤ now apply. */
  | { type: 'tick' }
  /** R13: the assigned agent sent nothing within firstReplySeconds; stale (another agent has it) = no-op. */
  | { type: 'first_reply_timeout'; conversationId: string; agentId: string }
  /** Leaves routing from any routed status: closed, abandoned, back to bot. Frees load. */
  | { type: 'conversation_closed'; conversationId: string }
  /** R8: to a named agent whatever its presence or load. */
  | { type: 'transferred_to_agent'; conversationId: string; agentId: string }
  /** R8: back through routing with its original key and new requirements; a pending relaxation is dropped. */
  | { type: 'transferred_to_skills'; conversationId: string; skills: readonly string[] }
  /** An agent's first outbound message created it: `processing` at once, counts toward load. */
  | { type: 'agent_started'; conversation: { id: string; skills: readonly string[]; queueKey: number }; agentId: string }
  | { type: 'settings_changed'; settings: RoutingSettings };

export type DispatchReason = 'fill' | 'dynamic_assignment';
export type RequeueReason = 'swapped_out' | 'limit_shrunk' | 'agent_offline' | 'agent_deactivated' | 'transfer' | 'first_reply_timeout';
/** Which R10 condition held: the deadline passed, or nobody holding the skills is online. */
export type RelaxReason = 'waited' | 'none_online';
export type AssignReason = 'match' | 'sticky' | 'dynamic_assignment' | 'offer_accepted' | 'transfer' | 'agent_started';
/**
 * `conversation_closed` and `transfer` were added with the engine: a pending
 * offer also ends when its conversation leaves routing or is transferred, and
 * the offered agent's console must hear of it.
 */
export type WithdrawReason = 'offer_timeout' | 'rejected' | 'agent_not_ready' | 'agent_deactivated' | 'limit_shrunk' | 'conversation_closed' | 'transfer';

export type RoutingDecision =
  /** waiting → dispatching */
  | { type: 'dispatched'; conversationId: string; reason: DispatchReason }
  /** dispatching/processing → waiting, key kept */
  | { type: 'requeued'; conversationId: string; reason: RequeueReason }
  /** offer mode: conversation stays dispatching, counts toward the agent's load */
  | { type: 'offered'; conversationId: string; agentId: string; expiresAt: number; reason: AssignReason }
  | { type: 'offer_withdrawn'; conversationId: string; agentId: string; reason: WithdrawReason }
  /** → processing with this agent */
  | { type: 'assigned'; conversationId: string; agentId: string; reason: AssignReason }
  /** R10: requirements replaced by relaxTo, once, key kept; status unchanged (waiting or offer-less dispatching). */
  | { type: 'relaxed'; conversationId: string; previousSkills: string[]; skills: string[]; reason: RelaxReason }
  /** An agent let an offer time out (R4). */
  | { type: 'agent_away'; agentId: string; reason: 'missed' };

export interface RequirementGroupStats {
  skills: readonly string[];
  waiting: number;
  dispatching: number;
  /** Queue key of the first waiting conversation, or null. */
  oldestQueueKey: number | null;
}

export interface RoutingStats {
  readyAgents: number;
  dispatchLimit: number;
  dispatching: number;
  waiting: number;
  groups: RequirementGroupStats[];
}
