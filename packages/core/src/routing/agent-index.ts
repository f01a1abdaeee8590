import {
  agentLoad,
  isAvailable,
  levelSum,
  qualifies,
  type AgentEntry,
  type AgentRecord,
  type RequirementGroup,
} from './model.ts';
import type { RoutingState } from './routing-state.ts';

/**
 * Keeps each group's `readyAgents` count and `available` index in step with
 * the agents. An agent's index key (load, capacity, idle time) is captured in
 * its entries, so every change goes detach → change → attach: O(g × log n)
 * for the g groups the agent qualifies for.
 */

export function updateAgent(state: RoutingState, agent: AgentRecord, change: () => void, skillsChanged = false): void {
  detachAgent(state, agent);
  change();
  if (skillsChanged) agent.groups = qualifyingGroups(state, agent);
  attachAgent(state, agent);
}

export function attachAgent(state: RoutingState, agent: AgentRecord): void {
  if (agent.presence === 'ready') {
    for (const group of agent.groups) group.readyAgents++;
    state.readyAgents++;
    agent.countedReady = true;
  }
  if (isAvailable(agent)) {
    agent.entries = agent.groups.map((group) => entryFor(agent, group));
    agent.groups.forEach((group, i) => group.available.insert((agent.entries as AgentEntry[])[i]));
    state.availableAgents++;
  }
}

export function detachAgent(state: RoutingState, agent: AgentRecord): void {
  if (agent.countedReady) {
    for (const group of agent.groups) group.readyAgents--;
    state.readyAgents--;
    agent.countedReady = false;
  }
  const entries = agent.entries;
  if (entries) {
    agent.groups.forEach((group, i) => group.available.delete(entries[i]));
    state.availableAgents--;
    agent.entries = null;
  }
}

export function qualifyingGroups(state: RoutingState, agent: AgentRecord): RequirementGroup[] {
  return [...state.groups.values()].filter((group) => qualifies(agent, group));
}

/** A new requirement set appeared: index every attached agent that qualifies for it. */
export function indexAgentsInGroup(state: RoutingState, group: RequirementGroup): void {
  for (const agent of state.agents.values()) {
    if (!qualifies(agent, group)) continue;
    agent.groups.push(group);
    if (agent.countedReady) group.readyAgents++;
    if (agent.entries) {
      const entry = entryFor(agent, group);
      agent.entries.push(entry);
      group.available.insert(entry);
    }
  }
}

function entryFor(agent: AgentRecord, group: RequirementGroup): AgentEntry {
  return {
    agent,
    levelSum: levelSum(agent, group),
    load: agentLoad(agent),
    capacity: agent.capacity,
    lastAssignedAt: agent.lastAssignedAt,
  };
}
