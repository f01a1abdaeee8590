import { updateAgent } from '../agent-index.ts';
import type { AgentRecord, ConversationRecord } from '../model.ts';
import type { RoutingState } from '../routing-state.ts';
import { assign, withdrawOffer } from '../transitions.ts';
import { withdrawAllOffers } from './agent-events.ts';

/** Stale answers (no such offer, or it went to someone else) change nothing. */
function pendingOffer(state: RoutingState, conversationId: string, agentId: string): ConversationRecord | null {
  const conv = state.conversations.get(conversationId);
  return conv && conv.offer?.agentId === agentId ? conv : null;
}

export function offerAccepted(state: RoutingState, conversationId: string, agentId: string): void {
  const conv = pendingOffer(state, conversationId, agentId);
  const agent = state.agents.get(agentId);
  if (conv && agent) assign(state, conv, agent, 'offer_accepted');
}

export function offerRejected(state: RoutingState, conversationId: string, agentId: string): void {
  const conv = pendingOffer(state, conversationId, agentId);
  if (conv) withdrawOffer(state, conv, 'rejected');
}

/**
 * Every offer due by `now` is withdrawn first (each agent joins its
 * conversation's declinedBy); then each agent who missed one is set away
 * (`missed`) and, having left ready, loses its other pending offers (R4).
 */
export function tick(state: RoutingState): void {
  const due = state.expiries.takeWhile((conv) => (conv.offer as { expiresAt: number }).expiresAt <= state.now);
  const missed: AgentRecord[] = [];
  for (const conv of due) {
    const agent = state.agents.get((conv.offer as { agentId: string }).agentId);
    withdrawOffer(state, conv, 'offer_timeout');
    if (agent && !missed.includes(agent)) missed.push(agent);
  }
  for (const agent of missed) {
    if (agent.presence !== 'ready') continue;
    state.emit({ type: 'agent_away', agentId: agent.id, reason: 'missed' });
    withdrawAllOffers(state, agent, 'agent_not_ready');
    updateAgent(state, agent, () => {
      agent.presence = 'away';
    });
  }
}
