import type { AgentPresence } from '../../statuses.ts';
import { attachAgent, detachAgent, qualifyingGroups, updateAgent } from '../agent-index.ts';
import { byQueue, levelsOf, qualifies, type AgentRecord } from '../model.ts';
import type { RoutingState } from '../routing-state.ts';
import { agentRecord } from '../snapshot.ts';
import { requeue, withdrawOffer } from '../transitions.ts';
import type { AgentState, RequeueReason, WithdrawReason } from '../types.ts';

export function presenceChanged(state: RoutingState, agentId: string, presence: AgentPresence): void {
  const agent = state.agents.get(agentId);
  if (!agent || agent.presence === presence) return;
  if (presence !== 'ready') withdrawAllOffers(state, agent, 'agent_not_ready');
  updateAgent(state, agent, () => {
    agent.presence = presence;
    // Becoming ready starts the "idle longest" clock (types.ts, lastAssignedAt).
    if (presence === 'ready') agent.lastAssignedAt = state.now;
  });
  if (presence === 'offline' && state.settings.offlinePolicy === 'requeue') requeueProcessing(state, agent, 'agent_offline');
}

/**
 * Full replacement, lastAssignedAt included: the caller's stored value is
 * taken as is. Leaving `ready` or losing a skill costs the offers it no longer
 * qualifies for; processing conversations stay (or requeue on `offline`).
 */
export function agentUpserted(state: RoutingState, given: AgentState): void {
  const existing = state.agents.get(given.id);
  if (!existing) return addAgent(state, given);
  const before = existing.presence;
  if (before === 'ready' && given.presence !== 'ready') withdrawAllOffers(state, existing, 'agent_not_ready');
  updateAgent(state, existing, () => copyAgentState(existing, given), true);
  for (const conv of sortedOffers(existing)) {
    if (!qualifies(existing, conv.group)) withdrawOffer(state, conv, 'agent_not_ready');
  }
  const goesOffline = given.presence === 'offline' && before !== 'offline';
  if (goesOffline && state.settings.offlinePolicy === 'requeue') requeueProcessing(state, existing, 'agent_offline');
}

/** A removed agent can keep nothing: its offers are withdrawn and its conversations requeued, whatever the policy. */
export function agentRemoved(state: RoutingState, agentId: string, reason?: 'agent_deactivated'): void {
  const agent = state.agents.get(agentId);
  if (!agent) return;
  withdrawAllOffers(state, agent, reason ?? 'agent_not_ready');
  requeueProcessing(state, agent, reason ?? 'agent_offline');
  detachAgent(state, agent);
  state.agents.delete(agentId);
}

export function withdrawAllOffers(state: RoutingState, agent: AgentRecord, reason: WithdrawReason): void {
  for (const conv of sortedOffers(agent)) withdrawOffer(state, conv, reason);
}

function requeueProcessing(state: RoutingState, agent: AgentRecord, reason: RequeueReason): void {
  for (const conv of [...agent.processing].sort(byQueue)) requeue(state, conv, reason);
}

function sortedOffers(agent: AgentRecord) {
  return [...agent.offers].sort(byQueue);
}

function addAgent(state: RoutingState, given: AgentState): void {
  const agent = agentRecord(given);
  state.agents.set(agent.id, agent);
  agent.groups = qualifyingGroups(state, agent);
  attachAgent(state, agent);
}

function copyAgentState(agent: AgentRecord, given: AgentState): void {
  agent.presence = given.presence;
  agent.capacity = given.capacity;
  agent.skills = { ...given.skills };
  agent.levels = levelsOf(given.skills);
  agent.lastAssignedAt = given.lastAssignedAt;
}
