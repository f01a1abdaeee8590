import { agentLoad, isAvailable, levelSum, qualifies, type AgentEntry, type AgentRecord, type RequirementGroup } from './model.ts';
import type { RoutingState } from './routing-state.ts';

/**
 * Keeps each group's `readyAgents` and `onlineAgents` counts and `available` index in step with
 * the agents. An agent's index key (load, capacity, idle time) is captured in
 * its entries, so every change goes detach → change → attach: O(g × log n)
 * for the g groups the agent qualifies for.
 */

/** Presence, capacity or skills may change: every count and entry is redone. */
export function updateAgent(state: RoutingState, agent: AgentRecord, change: () => void, skillsChanged = false): void {
  detachAgent(state, agent);
  change();
  if (skillsChanged) agent.groups = qualifyingGroups(state, agent);
  attachAgent(state, agent);
}

/**
 * Only load or idle time may change — the case of every offer and assignment — so the ready counts stand and the
 * agent's entries are updated in place: beforeLoadChange takes them out of the indexes, the caller changes the load,
 * afterLoadChange puts them back (two calls rather than one with a closure: no function is made per change).
 */
export function beforeLoadChange(state: RoutingState, agent: AgentRecord): void {
  removeEntries(state, agent);
}

export function afterLoadChange(state: RoutingState, agent: AgentRecord): void {
  insertEntries(state, agent);
}

export function attachAgent(state: RoutingState, agent: AgentRecord): void {
  if (agent.presence !== 'offline') {
    for (const group of agent.groups) group.onlineAgents++;
    agent.countedOnline = true;
  }
  if (agent.presence === 'ready') {
    for (const group of agent.groups) group.readyAgents++;
    state.readyAgents++;
    agent.countedReady = true;
  }
  agent.entries = agent.groups.map((group) => entryFor(agent, group));
  insertEntries(state, agent);
}

export function detachAgent(state: RoutingState, agent: AgentRecord): void {
  if (agent.countedOnline) {
    for (const group of agent.groups) group.onlineAgents--;
    agent.countedOnline = false;
  }
  if (agent.countedReady) {
    for (const group of agent.groups) group.readyAgents--;
    state.readyAgents--;
    agent.countedReady = false;
  }
  removeEntries(state, agent);
}

function insertEntries(state: RoutingState, agent: AgentRecord): void {
  if (!isAvailable(agent)) return;
  const entries = agent.entries;
  for (let i = 0; i < entries.length; i++) {
    refreshEntry(entries[i], agent);
    agent.groups[i].available.insert(entries[i]);
  }
  agent.indexed = true;
  state.availableAgents++;
}

function removeEntries(state: RoutingState, agent: AgentRecord): void {
  if (!agent.indexed) return;
  const entries = agent.entries;
  for (let i = 0; i < entries.length; i++) agent.groups[i].available.delete(entries[i]);
  agent.indexed = false;
  state.availableAgents--;
}

export function qualifyingGroups(state: RoutingState, agent: AgentRecord): RequirementGroup[] {
  return [...state.groups.values()].filter((group) => qualifies(agent, group));
}

/** A new requirement set appeared: index every attached agent that qualifies for it. */
export function indexAgentsInGroup(state: RoutingState, group: RequirementGroup): void {
  for (const agent of state.agents.values()) {
    if (!qualifies(agent, group)) continue;
    const entry = entryFor(agent, group);
    agent.groups.push(group);
    agent.entries.push(entry);
    if (agent.countedReady) group.readyAgents++;
    if (agent.countedOnline) group.onlineAgents++;
    if (agent.indexed) group.available.insert(entry);
  }
}

function refreshEntry(entry: AgentEntry, agent: AgentRecord): void {
  entry.load = agentLoad(agent);
  entry.capacity = agent.capacity;
  entry.lastAssignedAt = agent.lastAssignedAt;
}

function entryFor(agent: AgentRecord, group: RequirementGroup): AgentEntry {
  const entry = { agent, levelSum: levelSum(agent, group), load: 0, capacity: 0, lastAssignedAt: 0 };
  refreshEntry(entry, agent);
  return entry;
}
