import { attachAgent, indexAgentsInGroup, qualifyingGroups } from './agent-index.ts';
import { compareIds, levelsOf, normalizeSkills, type AgentRecord, type ConversationRecord } from './model.ts';
import { RoutingState } from './routing-state.ts';
import { placeFree, placeWaiting } from './transitions.ts';
import type { AgentState, RelaxationPolicy, RequirementGroupStats, RoutedConversation, RoutingSnapshot, RoutingStats } from './types.ts';

/**
 * Builds the indexes from stored state without deciding anything: the stored
 * state is what the previous engine left, and the next event settles whatever
 * is unsettled. Conversations are placed first and agents indexed last, so
 * each agent enters the indexes once with its final load.
 */
export function stateFromSnapshot(snapshot: RoutingSnapshot): RoutingState {
  const state = new RoutingState(snapshot.settings);
  for (const given of snapshot.agents) state.agents.set(given.id, agentRecord(given));
  for (const given of snapshot.conversations) placeStored(state, given);
  for (const agent of state.agents.values()) {
    agent.groups = qualifyingGroups(state, agent);
    attachAgent(state, agent);
  }
  state.onGroupCreated = (group) => indexAgentsInGroup(state, group);
  return state;
}

/** A fresh record for a given agent: no load, offers or groups yet, not indexed. */
export function agentRecord(given: AgentState): AgentRecord {
  return {
    id: given.id,
    presence: given.presence,
    capacity: given.capacity,
    skills: { ...given.skills },
    levels: levelsOf(given.skills),
    lastAssignedAt: given.lastAssignedAt,
    processing: new Set(),
    offers: new Set(),
    groups: [],
    entries: [],
    indexed: false,
    countedReady: false,
    countedOnline: false,
  };
}

/** An offer to an agent who is gone or not ready cannot stand: it is dropped and the conversation rematched. */
function placeStored(state: RoutingState, given: RoutedConversation): void {
  const skills = normalizeSkills(given.skills);
  const conv: ConversationRecord = {
    id: given.id,
    status: given.status,
    skills,
    queueKey: given.queueKey,
    agentId: null,
    offer: null,
    declinedBy: [...given.declinedBy],
    lastAgentId: given.lastAgentId,
    group: state.group(skills),
    ...storedRelaxation(given),
  };
  state.conversations.set(conv.id, conv);
  if (conv.status === 'waiting') placeWaiting(state, conv);
  else if (conv.status === 'dispatching') placeStoredDispatching(state, conv, given);
  else {
    conv.agentId = given.agentId;
    if (given.agentId !== null) state.agents.get(given.agentId)?.processing.add(conv);
  }
}

function placeStoredDispatching(state: RoutingState, conv: ConversationRecord, given: RoutedConversation): void {
  const agent = given.offer ? state.agents.get(given.offer.agentId) : undefined;
  if (given.offer && agent?.presence === 'ready') {
    conv.offer = { ...given.offer };
    agent.offers.add(conv);
    state.offered.insert(conv);
    state.expiries.insert(conv);
    conv.group.offered++;
    return;
  }
  placeFree(state, conv);
}

/** A deadline without a policy has nothing to apply, so it is dropped. */
function storedRelaxation(given: RoutedConversation): Pick<ConversationRecord, 'relaxation' | 'relaxAt'> {
  const relaxation = relaxationRecord(given.relaxation ?? null);
  return { relaxation, relaxAt: relaxation ? (given.relaxAt ?? null) : null };
}

/** The policy as the engine keeps it: relaxTo normalised, fields spelled out. */
export function relaxationRecord(given: RelaxationPolicy | null): RelaxationPolicy | null {
  if (!given) return null;
  const after = given.relaxAfterSeconds;
  return {
    relaxTo: normalizeSkills(given.relaxTo),
    // A NaN or negative delay would corrupt the deadline index: it means no deadline.
    relaxAfterSeconds: typeof after === 'number' && Number.isFinite(after) && after >= 0 ? after : null,
    relaxWhenNoneOnline: given.relaxWhenNoneOnline ?? false,
  };
}

export function snapshotOf(state: RoutingState): RoutingSnapshot {
  return {
    settings: { ...state.settings },
    agents: [...state.agents.values()].map(agentStateOf),
    conversations: [...state.conversations.values()].map(routedConversationOf),
  };
}

export function agentStateOf(agent: AgentRecord): AgentState {
  return {
    id: agent.id,
    presence: agent.presence,
    capacity: agent.capacity,
    skills: { ...agent.skills },
    lastAssignedAt: agent.lastAssignedAt,
  };
}

export function routedConversationOf(conv: ConversationRecord): RoutedConversation {
  return {
    id: conv.id,
    status: conv.status,
    skills: [...conv.skills],
    queueKey: conv.queueKey,
    agentId: conv.agentId,
    offer: conv.offer ? { ...conv.offer } : null,
    declinedBy: [...conv.declinedBy],
    lastAgentId: conv.lastAgentId,
    relaxation: conv.relaxation ? { ...conv.relaxation, relaxTo: [...conv.relaxation.relaxTo] } : null,
    relaxAt: conv.relaxAt,
  };
}

/** Only groups with conversations are listed, so stats survive a rebuild unchanged. */
export function statsOf(state: RoutingState): RoutingStats {
  const groups: RequirementGroupStats[] = [...state.groups.values()]
    .filter((g) => g.waiting.size + g.free.size + g.offered > 0)
    .sort((a, b) => compareIds(a.key, b.key))
    .map((g) => ({
      skills: [...g.skills],
      waiting: g.waiting.size,
      dispatching: g.free.size + g.offered,
      oldestQueueKey: g.waiting.min()?.queueKey ?? null,
    }));
  return {
    readyAgents: state.readyAgents,
    dispatchLimit: state.limit,
    dispatching: state.dispatching,
    waiting: state.waitingCount,
    groups,
  };
}
