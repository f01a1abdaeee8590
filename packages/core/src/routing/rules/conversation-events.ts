import { normalizeSkills, type ConversationRecord } from '../model.ts';
import type { RoutingState } from '../routing-state.ts';
import { relaxationRecord } from '../snapshot.ts';
import { assign, dropRelaxation, enqueue, forget, requeue, withdrawOffer } from '../transitions.ts';
import type { RoutingEvent } from '../types.ts';

type Handoff = Extract<RoutingEvent, { type: 'handoff' }>['conversation'];
type Started = Extract<RoutingEvent, { type: 'agent_started' }>['conversation'];

/** A conversation already in routing ignores a second handoff: the first key stands. */
export function handoff(state: RoutingState, given: Handoff): void {
  if (state.conversations.has(given.id)) return;
  enqueue(state, newRecord(state, given, given.lastAgentId ?? null));
}

export function agentStarted(state: RoutingState, given: Started, agentId: string): void {
  const agent = state.agents.get(agentId);
  if (!agent || state.conversations.has(given.id)) return;
  const conv = newRecord(state, given, null);
  enqueue(state, conv);
  assign(state, conv, agent, 'agent_started');
}

/** The offer is withdrawn first so the offered agent's console hears of it. */
export function conversationClosed(state: RoutingState, conversationId: string): void {
  const conv = state.conversations.get(conversationId);
  if (!conv) return;
  withdrawOffer(state, conv, 'conversation_closed');
  forget(state, conv);
}

/** R8: to a named agent whatever its presence or load; from any routed status. */
export function transferredToAgent(state: RoutingState, conversationId: string, agentId: string): void {
  const conv = state.conversations.get(conversationId);
  const agent = state.agents.get(agentId);
  if (!conv || !agent) return;
  if (conv.status === 'processing' && conv.agentId === agentId) return;
  withdrawOffer(state, conv, 'transfer');
  assign(state, conv, agent, 'transfer');
}

/** R8: back through routing with its original key and the new requirements. */
export function transferredToSkills(state: RoutingState, conversationId: string, skills: readonly string[]): void {
  const conv = state.conversations.get(conversationId);
  if (!conv) return;
  const normalized = normalizeSkills(skills);
  withdrawOffer(state, conv, 'transfer');
  dropRelaxation(state, conv);
  if (conv.status === 'waiting') enqueue(state, conv, normalized);
  else requeue(state, conv, 'transfer', normalized);
}

/**
 * R13: the assigned agent stayed silent. Back to routing with its key, the
 * agent joining declinedBy so that, as after an expired offer, anyone else
 * who qualifies is preferred (and the agent is no longer sticky). Unlike a
 * missed offer the agent is not set away: it may be busy in its other chats.
 */
export function firstReplyTimeout(state: RoutingState, conversationId: string, agentId: string): void {
  const conv = state.conversations.get(conversationId);
  if (!conv || conv.status !== 'processing' || conv.agentId !== agentId) return;
  if (!conv.declinedBy.includes(agentId)) conv.declinedBy.push(agentId);
  requeue(state, conv, 'first_reply_timeout');
}

function newRecord(state: RoutingState, given: Handoff | Started, lastAgentId: string | null): ConversationRecord {
  const skills = normalizeSkills(given.skills);
  const relaxation = 'relaxation' in given ? relaxationRecord(given.relaxation ?? null) : null;
  const after = relaxation?.relaxAfterSeconds ?? null;
  return {
    id: given.id,
    status: 'waiting',
    skills,
    queueKey: given.queueKey,
    agentId: null,
    offer: null,
    declinedBy: [],
    lastAgentId,
    group: state.group(skills),
    relaxation,
    // The deadline counts from the handoff, the moment the customer asked for a person.
    relaxAt: after === null ? null : state.now + after * 1000,
  };
}
