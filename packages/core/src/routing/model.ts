import type { AgentPresence } from '../statuses.ts';
import { OrderedSet } from './ordered-set.ts';
import type { PendingOffer, RelaxationPolicy, RoutedStatus } from './types.ts';

/**
 * The engine's mutable, indexed records. They mirror the public
 * `RoutedConversation` / `AgentState` shapes plus the links the indexes need;
 * nothing outside `routing/` ever sees them.
 */

export interface ConversationRecord {
  id: string;
  status: RoutedStatus;
  skills: string[];
  queueKey: number;
  agentId: string | null;
  offer: PendingOffer | null;
  declinedBy: string[];
  lastAgentId: string | null;
  group: RequirementGroup;
  /** Pending R10 policy, relaxTo normalised; null once applied. */
  relaxation: RelaxationPolicy | null;
  relaxAt: number | null;
}

/** One agent's position in one group's index of available agents (R4 order). */
export interface AgentEntry {
  agent: AgentRecord;
  levelSum: number;
  load: number;
  capacity: number;
  lastAssignedAt: number;
}

export interface AgentRecord {
  id: string;
  presence: AgentPresence;
  capacity: number;
  /** As given by the caller, returned untouched by `snapshot()`. */
  skills: Record<string, number>;
  /** Lower-cased skill name → level, for matching. */
  levels: Map<string, number>;
  lastAssignedAt: number;
  processing: Set<ConversationRecord>;
  offers: Set<ConversationRecord>;
  /** Groups whose every required skill the agent holds; valid while attached. */
  groups: RequirementGroup[];
  /** One entry per group, parallel to `groups`, kept allocated: in `available` while `indexed`. */
  entries: AgentEntry[];
  /** Ready with spare capacity, hence present in every group's `available` index. */
  indexed: boolean;
  /** Whether this agent is currently counted in its groups' `readyAgents`. */
  countedReady: boolean;
  /** Whether this agent is currently counted in its groups' `onlineAgents` (ready or away). */
  countedOnline: boolean;
}

/** Conversations with the same required skills (SPEC §1, qualifying agent). */
export interface RequirementGroup {
  key: string;
  skills: string[];
  waiting: OrderedSet<ConversationRecord>;
  /** Dispatching without a pending offer. */
  free: OrderedSet<ConversationRecord>;
  offered: number;
  /** Ready agents holding every required skill, whatever their load (R3). */
  readyAgents: number;
  /** Ready agents with spare capacity, best first by the R4 tie-break. */
  available: OrderedSet<AgentEntry>;
  /** Agents holding every required skill who are ready or away (R10's "online"). */
  onlineAgents: number;
  /** Waiting or offer-less dispatching conversations whose policy relaxes when none is online. */
  relaxWhenNoneOnline: OrderedSet<ConversationRecord>;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** R2 queue order: lower key first, ties by conversation id. */
export function byQueue(a: ConversationRecord, b: ConversationRecord): number {
  return a.queueKey - b.queueKey || compareIds(a.id, b.id);
}

export function byRelaxAt(a: ConversationRecord, b: ConversationRecord): number {
  return (a.relaxAt ?? 0) - (b.relaxAt ?? 0) || compareIds(a.id, b.id);
}

export function byExpiry(a: ConversationRecord, b: ConversationRecord): number {
  return (a.offer?.expiresAt ?? 0) - (b.offer?.expiresAt ?? 0) || compareIds(a.id, b.id);
}

/**
 * R4 after the sticky check: higher skill level (sum over the required
 * skills), then least loaded (load ÷ capacity, compared by cross-multiplying
 * to stay exact), then idle longest, then agent id.
 */
export function byAgentRank(a: AgentEntry, b: AgentEntry): number {
  return (
    b.levelSum - a.levelSum ||
    a.load * b.capacity - b.load * a.capacity ||
    a.lastAssignedAt - b.lastAssignedAt ||
    compareIds(a.agent.id, b.agent.id)
  );
}

export function normalizeSkills(skills: readonly string[]): string[] {
  if (isNormalized(skills)) return skills.slice();
  const unique = new Set(skills.map((s) => s.trim().toLowerCase()).filter((s) => s.length > 0));
  return [...unique].sort(compareIds);
}

/** The common case, checked without allocating: already lower-case, trimmed, sorted, unique. */
function isNormalized(skills: readonly string[]): boolean {
  for (let i = 0; i < skills.length; i++) {
    const skill = skills[i];
    if (skill.length === 0 || skill !== skill.trim().toLowerCase()) return false;
    if (i > 0 && !(skills[i - 1] < skill)) return false;
  }
  return true;
}

export function groupKeyOf(skills: readonly string[]): string {
  return skills.join('\u001f');
}

export function createGroup(skills: string[]): RequirementGroup {
  return {
    key: groupKeyOf(skills),
    skills,
    waiting: new OrderedSet(byQueue),
    free: new OrderedSet(byQueue),
    offered: 0,
    readyAgents: 0,
    available: new OrderedSet(byAgentRank),
    onlineAgents: 0,
    relaxWhenNoneOnline: new OrderedSet(byQueue),
  };
}

export function agentLoad(agent: AgentRecord): number {
  return agent.processing.size + agent.offers.size;
}

export function isAvailable(agent: AgentRecord): boolean {
  return agent.presence === 'ready' && agentLoad(agent) < agent.capacity;
}

export function qualifies(agent: AgentRecord, group: RequirementGroup): boolean {
  return group.skills.every((skill) => (agent.levels.get(skill) ?? 0) > 0);
}

export function levelSum(agent: AgentRecord, group: RequirementGroup): number {
  let sum = 0;
  for (const skill of group.skills) sum += agent.levels.get(skill) ?? 0;
  return sum;
}

export function levelsOf(skills: Readonly<Record<string, number>>): Map<string, number> {
  const levels = new Map<string, number>();
  for (const [name, level] of Object.entries(skills)) {
    const key = name.trim().toLowerCase();
    levels.set(key, Math.max(levels.get(key) ?? 0, level));
  }
  return levels;
}
