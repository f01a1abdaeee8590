import type { AgentPresence } from '../statuses.ts';
import type { AgentState, RoutingSettings } from '../routing/types.ts';
import { unitHash } from './heap.ts';
import type { WhatIfOverrides } from './types.ts';

/**
 * What a what-if changes and the model it draws from (docs/what-if.md,
 * "What-if overrides" and "Assumptions"), as plain functions of the
 * overrides: the simulator calls them from `from` on. Randomness is a hash
 * of ids, so the same request gives the same answer.
 */

/** Copies made by an arrival factor above 1 arrive within this long after the original. */
export const CLONE_SPREAD_MS = 15 * 60_000;

/** How many times a hand-off arrives: the factor's whole part, plus one more for a share (by id) of them. */
export function copiesOf(factor: number | undefined, id: string, at: number): number {
  if (factor === undefined) return 1;
  const whole = Math.floor(factor);
  return whole + (unitHash(`${id}@${at}`) < factor - whole ? 1 : 0);
}

/** A copy's delay after the original, 0–15 min (by its id). */
export function cloneOffset(simId: string): number {
  return Math.floor(unitHash(simId) * CLONE_SPREAD_MS);
}

/**
 * A served customer's patience is unknown, only that it outlasted the wait:
 * drawn (by id, the same every run) from the abandoners' patience above that
 * wait; none above it = never abandons. `sorted`: the recorded patience values.
 */
export function drawPatience(sorted: readonly number[], waited: number, simId: string): number | null {
  // The first value above the wait, by bisection (a month has tens of thousands of abandoners).
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= waited) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= sorted.length) return null;
  return sorted[lo + Math.floor(unitHash(`${simId}:patience`) * (sorted.length - lo))];
}

/** A handle time drawn (by id) from a queue's recorded ones; null when there are none. */
export function drawHandleTime(times: readonly number[] | undefined, simId: string): number | null {
  if (!times || times.length === 0) return null;
  return times[Math.floor(unitHash(`${simId}:handle`) * times.length)];
}

export function settingsWith(settings: RoutingSettings, o: WhatIfOverrides): RoutingSettings {
  return {
    ...settings,
    ...(o.mode !== undefined && { mode: o.mode }),
    ...(o.dispatchPerAgent !== undefined && { dispatchPerAgent: o.dispatchPerAgent }),
    ...(o.offerTimeoutSeconds !== undefined && { offerTimeoutMs: o.offerTimeoutSeconds * 1000 }),
    ...(o.stickyAgent !== undefined && { stickyAgent: o.stickyAgent }),
  };
}

/** A recorded agent change with the capacity override, keeping this run's idle clock for the agent. */
export function upsertedAgent(agent: AgentState, current: AgentState | undefined, o: WhatIfOverrides): AgentState {
  return { ...agent, capacity: o.capacity ?? agent.capacity, lastAssignedAt: current?.lastAssignedAt ?? agent.lastAssignedAt };
}

/** The added agents `added_1…`, offline until the team works; a skill name alone is level 1. */
export function addedAgents(o: WhatIfOverrides, from: number): AgentState[] {
  return (o.addAgents ?? []).map((spec, i) => {
    const skills: Record<string, number> = {};
    for (const s of spec.skills) {
      if (typeof s === 'string') skills[s] = 1;
      else skills[s.name] = s.level;
    }
    return { id: `added_${i + 1}`, presence: 'offline', capacity: spec.capacity ?? o.capacity ?? 5, skills, lastAssignedAt: from };
  });
}

/**
 * The recorded agents' presence as the recording has it (removed agents
 * included: their presence still says when the team worked), with a count of
 * the ready ones, so "added agents follow the team" is O(1) a change.
 */
export class RecordedTeam {
  private readonly presence = new Map<string, AgentPresence>();
  private ready = 0;

  reset(): void {
    this.presence.clear();
    this.ready = 0;
  }

  /** null = the agent is gone. */
  set(agentId: string, presence: AgentPresence | null): void {
    if (this.presence.get(agentId) === 'ready') this.ready--;
    if (presence === null) this.presence.delete(agentId);
    else this.presence.set(agentId, presence);
    if (presence === 'ready') this.ready++;
  }

  get working(): boolean {
    return this.ready > 0;
  }
}
