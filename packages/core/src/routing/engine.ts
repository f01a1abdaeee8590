import { agentLoad } from './model.ts';
import type { RoutingState } from './routing-state.ts';
import { agentRemoved, agentUpserted, presenceChanged } from './rules/agent-events.ts';
import { agentStarted, conversationClosed, firstReplyTimeout, handoff, transferredToAgent, transferredToSkills } from './rules/conversation-events.ts';
import { offerAccepted, offerRejected, tick } from './rules/offer-events.ts';
import { queueStandingOf, type QueueStanding } from './queue-standing.ts';
import { explainConversation, type RoutingExplanation } from './explain.ts';
import { settle } from './rules/settle.ts';
import { routedConversationOf, snapshotOf, stateFromSnapshot, statsOf } from './snapshot.ts';
import type { AgentState, RoutedConversation, RoutedStatus, RoutingDecision, RoutingEvent, RoutingSnapshot, RoutingStats } from './types.ts';
import type { AgentPresence } from '../statuses.ts';

/** The engine's decision list between two events: nothing may be decided outside `apply` (an emit there throws). */
const NONE: RoutingDecision[] = Object.freeze([]) as unknown as RoutingDecision[];

export interface ConversationHolder {
  status: RoutedStatus;
  agentId: string | null;
  offerAgentId: string | null;
}

export interface AgentWorkload {
  presence: AgentPresence;
  capacity: number;
  load: number;
}

/**
 * The routing engine (SPEC §3): a deterministic state machine over indexes.
 * `apply` changes state for one event, then settles R6 → R4 → R3 → R5 until
 * nothing moves, and returns every status change in the order it happened.
 * Events that refer to something the engine does not know (an unknown
 * conversation, a stale offer answer) change nothing and return [].
 */
export class RoutingEngine {
  private readonly state: RoutingState;

  constructor(snapshot: RoutingSnapshot) {
    this.state = stateFromSnapshot(snapshot);
  }

  apply(event: RoutingEvent, now: number): RoutingDecision[] {
    const state = this.state;
    state.now = now;
    const decisions: RoutingDecision[] = [];
    state.decisions = decisions;
    applyEvent(state, event);
    settle(state);
    state.decisions = NONE;
    return decisions;
  }

  snapshot(): RoutingSnapshot {
    return snapshotOf(this.state);
  }

  stats(): RoutingStats {
    return statsOf(this.state);
  }

  /** Processing conversations plus pending offers; 0 for an unknown agent. */
  agentLoad(agentId: string): number {
    const agent = this.state.agents.get(agentId);
    return agent ? agentLoad(agent) : 0;
  }

  /**
   * The earliest stored deadline the engine acts on — a pending offer's
   * expiry or a waiting conversation's relaxAt — when the server should send
   * the next `tick`. After `apply` it is always later than that event's now.
   */
  nextDeadline(): number | null {
    const offer = this.state.expiries.min()?.offer?.expiresAt ?? null;
    const relax = this.state.relaxDue.min()?.relaxAt ?? null;
    if (offer === null) return relax;
    return relax === null ? offer : Math.min(offer, relax);
  }

  /** Position and qualifying seats for the wait estimate (R12); null unless still waiting for a person. */
  queueStanding(conversationId: string): QueueStanding | null {
    const conv = this.state.conversations.get(conversationId);
    return conv ? queueStandingOf(this.state, conv) : null;
  }

  /** SPEC §5 "Why": blockers and the R4 ranking for one conversation, over the current state; null if the engine does not route it. */
  explain(conversationId: string, assignedBy: string | null = null): RoutingExplanation | null {
    const conv = this.state.conversations.get(conversationId);
    return conv ? explainConversation(this.state, conv, assignedBy) : null;
  }

  /** One agent's state as the engine holds it (the replay keeps its idle clock across recorded upserts). */
  agent(id: string): AgentState | undefined {
    const agent = this.state.agents.get(id);
    return agent
      ? { id: agent.id, presence: agent.presence, capacity: agent.capacity, skills: { ...agent.skills }, lastAssignedAt: agent.lastAssignedAt }
      : undefined;
  }

  /** Whether the engine routes this conversation now (no copy made: the replay asks it for every input). */
  routes(conversationId: string): boolean {
    return this.state.conversations.has(conversationId);
  }

  /**
   * Who holds a routed conversation, read without copying: its status, its
   * assignee, the agent of its pending offer. The replay asks this for every
   * conversation input; `conversation()` copies the whole record.
   */
  holder(conversationId: string): ConversationHolder | undefined {
    const conv = this.state.conversations.get(conversationId);
    return conv ? { status: conv.status, agentId: conv.agentId, offerAgentId: conv.offer?.agentId ?? null } : undefined;
  }

  /**
   * An agent's presence, capacity and load, without copying its skills (the replay's occupancy, every step);
   * `into`, if given, is filled and returned instead of a new object.
   */
  agentWorkload(agentId: string, into?: AgentWorkload): AgentWorkload | undefined {
    const agent = this.state.agents.get(agentId);
    if (!agent) return undefined;
    if (!into) return { presence: agent.presence, capacity: agent.capacity, load: agentLoad(agent) };
    into.presence = agent.presence;
    into.capacity = agent.capacity;
    into.load = agentLoad(agent);
    return into;
  }

  conversation(id: string): RoutedConversation | undefined {
    const conv = this.state.conversations.get(id);
    return conv ? routedConversationOf(conv) : undefined;
  }
}

function applyEvent(state: RoutingState, event: RoutingEvent): void {
  switch (event.type) {
    case 'handoff':
      return handoff(state, event.conversation);
    case 'agent_upserted':
      return agentUpserted(state, event.agent);
    case 'agent_removed':
      return agentRemoved(state, event.agentId, event.reason);
    case 'presence_changed':
      return presenceChanged(state, event.agentId, event.presence);
    case 'offer_accepted':
      return offerAccepted(state, event.conversationId, event.agentId);
    case 'offer_rejected':
      return offerRejected(state, event.conversationId, event.agentId);
    case 'tick':
      return tick(state);
    case 'first_reply_timeout':
      return firstReplyTimeout(state, event.conversationId, event.agentId);
    case 'conversation_closed':
      return conversationClosed(state, event.conversationId);
    case 'transferred_to_agent':
      return transferredToAgent(state, event.conversationId, event.agentId);
    case 'transferred_to_skills':
      return transferredToSkills(state, event.conversationId, event.skills);
    case 'agent_started':
      return agentStarted(state, event.conversation, event.agentId);
    case 'settings_changed':
      state.settings = { ...event.settings };
      return;
    default: {
      const never: never = event;
      throw new Error(`unknown routing event ${JSON.stringify(never)}`);
    }
  }
}
