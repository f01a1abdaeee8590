import { agentLoad, byQueue, compareIds, levelSum, qualifies, type AgentRecord, type ConversationRecord } from './model.ts';
import type { RoutingState } from './routing-state.ts';
import type { RoutedStatus } from './types.ts';

/** SPEC §5 "Why": what holds a conversation, in codes and plain words. */
export type BlockerCode =
  | 'NO_AGENT_READY'
  | 'NO_QUALIFYING_AGENT'
  | 'AGENTS_AT_CAPACITY'
  | 'DISPATCH_LIMIT_FULL'
  | 'EARLIER_IN_QUEUE'
  | 'OUTSIDE_BUSINESS_HOURS'
  | 'OFFER_PENDING';

export interface Blocker {
  code: BlockerCode;
  detail: string;
}

/** Why an agent can or cannot take it, or lost to the one ahead (R4's order, first difference). */
export type CandidateReason =
  | 'chosen' | 'sticky' | 'not_ready' | 'missing_skill' | 'at_capacity' | 'declined' | 'lower_level' | 'more_loaded' | 'idle_less_long' | 'agent_id';

export interface Candidate {
  agentId: string;
  eligible: boolean;
  because: CandidateReason;
  detail: string;
}

export interface RoutingExplanation {
  status: RoutedStatus;
  queuePosition: number | null;
  blockers: Blocker[];
  /** Agents in R4 order: eligible ones first, best first; then the others by id. */
  candidates: Candidate[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A query over the engine's state, never a routing step. For an assigned
 * conversation the ranking is over the agents as they are now, with this
 * conversation's own load taken off its agent, so the holder is compared on
 * the footing it had when chosen. `assignedBy` is the recorded rule of its
 * assignment (the history's `assigned` row).
 */
export function explainConversation(state: RoutingState, conv: ConversationRecord, assignedBy: string | null = null): RoutingExplanation {
  const waitingForPerson = conv.status !== 'processing' && conv.offer === null;
  const queuePosition = waitingForPerson ? 1 + aheadInGroup(conv) : null;
  return {
    status: conv.status,
    queuePosition,
    blockers: waitingForPerson ? blockersOf(state, conv, queuePosition! - 1) : conv.offer ? [offerBlocker(conv)] : [],
    candidates: rankCandidates(state, conv, assignedBy),
  };
}

function aheadInGroup(conv: ConversationRecord): number {
  let ahead = 0;
  for (const set of [conv.group.waiting, conv.group.free]) {
    for (const other of set.ascending()) {
      if (byQueue(other, conv) >= 0) break;
      ahead++;
    }
  }
  return ahead;
}

function offerBlocker(conv: ConversationRecord): Blocker {
  const offer = conv.offer!;
  return { code: 'OFFER_PENDING', detail: `offered to ${offer.agentId} until ${new Date(offer.expiresAt).toISOString()}; waiting for the agent to accept` };
}

function blockersOf(state: RoutingState, conv: ConversationRecord, ahead: number): Blocker[] {
  const blockers: Blocker[] = [];
  const ready = [...state.agents.values()].filter((a) => a.presence === 'ready');
  const qualifying = ready.filter((a) => qualifies(a, conv.group));
  if (ready.length === 0) blockers.push({ code: 'NO_AGENT_READY', detail: 'no agent is ready' });
  else if (qualifying.length === 0) blockers.push({ code: 'NO_QUALIFYING_AGENT', detail: missingSkills(ready, conv.group.skills) });
  else if (qualifying.every((a) => agentLoad(a) >= a.capacity)) {
    blockers.push({ code: 'AGENTS_AT_CAPACITY', detail: `all ${plural(qualifying.length, 'qualifying ready agent')} are at capacity` });
  }
  if (conv.status === 'waiting' && ready.length > 0 && state.dispatching >= state.limit) {
    blockers.push({ code: 'DISPATCH_LIMIT_FULL', detail: `${state.dispatching} of ${state.limit} dispatch places are taken` });
  }
  if (ahead > 0) blockers.push({ code: 'EARLIER_IN_QUEUE', detail: `${plural(ahead, 'conversation')} with the same requirements ahead in the queue` });
  return blockers;
}

function missingSkills(ready: AgentRecord[], skills: string[]): string {
  const missing = skills.filter((s) => !ready.some((a) => (a.levels.get(s) ?? 0) > 0));
  return missing.length > 0
    ? `no ready agent holds ${missing.join(', ')}`
    : `no ready agent holds all of ${skills.join(', ')}`;
}

interface Ranked {
  agent: AgentRecord;
  level: number;
  load: number;
}

/** Everyone, R4 order among the eligible; each eligible one says what put it behind the one ahead. */
function rankCandidates(state: RoutingState, conv: ConversationRecord, assignedBy: string | null): Candidate[] {
  const agents = [...state.agents.values()].sort((a, b) => compareIds(a.id, b.id));
  const eligible: Ranked[] = [];
  const others: Candidate[] = [];
  for (const agent of agents) {
    const load = agentLoad(agent) - (conv.agentId === agent.id || conv.offer?.agentId === agent.id ? 1 : 0);
    const no = ineligibility(agent, conv, load);
    if (no) others.push({ agentId: agent.id, eligible: false, ...no });
    else eligible.push({ agent, level: levelSum(agent, conv.group), load });
  }
  eligible.sort(byRank);
  const sticky = stickyOf(state, conv, eligible, assignedBy);
  if (sticky) eligible.unshift(...eligible.splice(eligible.indexOf(sticky), 1));
  const ranked = eligible.map((r, i): Candidate => {
    if (i === 0) return { agentId: r.agent.id, eligible: true, because: sticky ? 'sticky' : 'chosen', detail: sticky ? "the contact's last agent" : 'first by R4' };
    return { agentId: r.agent.id, eligible: true, ...behind(r, eligible[i - 1]!, sticky !== null && i === 1) };
  });
  return [...ranked, ...others];
}

function ineligibility(agent: AgentRecord, conv: ConversationRecord, load: number): Omit<Candidate, 'agentId' | 'eligible'> | null {
  if (agent.presence !== 'ready') return { because: 'not_ready', detail: `presence is ${agent.presence}` };
  const missing = conv.group.skills.filter((s) => (agent.levels.get(s) ?? 0) === 0);
  if (missing.length > 0) return { because: 'missing_skill', detail: `lacks ${missing.join(', ')}` };
  if (load >= agent.capacity) return { because: 'at_capacity', detail: `load ${load} of ${agent.capacity}` };
  if (conv.declinedBy.includes(agent.id) && conv.agentId !== agent.id) return { because: 'declined', detail: 'let an offer of it go' };
  return null;
}

function byRank(a: Ranked, b: Ranked): number {
  return (
    b.level - a.level ||
    a.load * b.agent.capacity - b.load * a.agent.capacity ||
    a.agent.lastAssignedAt - b.agent.lastAssignedAt ||
    compareIds(a.agent.id, b.agent.id)
  );
}

/** Once it has an agent, the last agent is that agent: only the recorded rule says whether sticky chose it. */
function stickyOf(state: RoutingState, conv: ConversationRecord, eligible: Ranked[], assignedBy: string | null): Ranked | null {
  if (conv.agentId !== null) return assignedBy === 'sticky' ? (eligible.find((r) => r.agent.id === conv.agentId) ?? null) : null;
  if (!state.settings.stickyAgent || conv.lastAgentId === null) return null;
  return eligible.find((r) => r.agent.id === conv.lastAgentId) ?? null;
}

/** The first R4 criterion on which `r` comes after the one ranked just ahead of it. */
function behind(r: Ranked, ahead: Ranked, afterSticky: boolean): Omit<Candidate, 'agentId' | 'eligible'> {
  if (afterSticky) return { because: 'sticky', detail: `${ahead.agent.id} is the contact's last agent` };
  if (r.level < ahead.level) return { because: 'lower_level', detail: `skill level ${r.level} < ${ahead.level}` };
  if (r.load * ahead.agent.capacity > ahead.load * r.agent.capacity) {
    return { because: 'more_loaded', detail: `load ${r.load}/${r.agent.capacity} > ${ahead.load}/${ahead.agent.capacity}` };
  }
  if (r.agent.lastAssignedAt > ahead.agent.lastAssignedAt) return { because: 'idle_less_long', detail: `last assigned later than ${ahead.agent.id}` };
  return { because: 'agent_id', detail: `tie broken by agent id after ${ahead.agent.id}` };
}
