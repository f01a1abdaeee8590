import { afterLoadChange, beforeLoadChange } from './agent-index.ts';
import type { AgentRecord, ConversationRecord } from './model.ts';
import type { RoutingState } from './routing-state.ts';
import type { AssignReason, DispatchReason, RelaxReason, RequeueReason, WithdrawReason } from './types.ts';

/**
 * The only functions that change a conversation's status. Each one moves the
 * conversation between indexes, adjusts agent load, and emits exactly the one
 * decision the server persists for that step, so the decision list is always
 * a step-by-step story of what happened.
 */

export function dispatch(state: RoutingState, conv: ConversationRecord, reason: DispatchReason): void {
  detachConversation(state, conv);
  placeFree(state, conv);
  state.emit({ type: 'dispatched', conversationId: conv.id, reason });
}

/** Back to `waiting` with the key it always had (R2); a pending offer must be withdrawn first. */
export function requeue(state: RoutingState, conv: ConversationRecord, reason: RequeueReason, skills?: string[]): void {
  detachConversation(state, conv);
  if (skills) regroup(state, conv, skills);
  placeWaiting(state, conv);
  state.emit({ type: 'requeued', conversationId: conv.id, reason });
}

export function offer(state: RoutingState, conv: ConversationRecord, agent: AgentRecord, reason: AssignReason): void {
  const expiresAt = state.now + state.settings.offerTimeoutMs;
  detachConversation(state, conv);
  conv.status = 'dispatching';
  conv.offer = { agentId: agent.id, expiresAt };
  state.offered.insert(conv);
  state.expiries.insert(conv);
  conv.group.offered++;
  beforeLoadChange(state, agent);
  agent.offers.add(conv);
  afterLoadChange(state, agent);
  state.emit({ type: 'offered', conversationId: conv.id, agentId: agent.id, expiresAt, reason });
}

/** The conversation stays `dispatching`, free to be matched again. */
export function withdrawOffer(state: RoutingState, conv: ConversationRecord, reason: WithdrawReason): void {
  const agentId = conv.offer?.agentId;
  if (agentId === undefined) return;
  detachConversation(state, conv);
  if ((reason === 'rejected' || reason === 'offer_timeout') && !conv.declinedBy.includes(agentId)) {
    conv.declinedBy.push(agentId);
  }
  placeFree(state, conv);
  state.emit({ type: 'offer_withdrawn', conversationId: conv.id, agentId, reason });
}

/** → `processing`. The server stamps the agent's last_assigned_at and the contact's last agent, so do we. */
export function assign(state: RoutingState, conv: ConversationRecord, agent: AgentRecord, reason: AssignReason): void {
  detachConversation(state, conv);
  conv.status = 'processing';
  conv.agentId = agent.id;
  conv.lastAgentId = agent.id;
  beforeLoadChange(state, agent);
  agent.processing.add(conv);
  agent.lastAssignedAt = state.now;
  afterLoadChange(state, agent);
  state.emit({ type: 'assigned', conversationId: conv.id, agentId: agent.id, reason });
}

/**
 * R10, once: the requirements become relaxTo and the policy is spent. The
 * status and the key stay (a waiting conversation keeps its place, an
 * offer-less dispatching one stays dispatching), only the group changes.
 */
export function relax(state: RoutingState, conv: ConversationRecord, reason: RelaxReason): void {
  const policy = conv.relaxation;
  if (!policy) return;
  const previousSkills = conv.skills;
  const status = conv.status;
  detachConversation(state, conv);
  conv.relaxation = null;
  conv.relaxAt = null;
  regroup(state, conv, policy.relaxTo as string[]);
  if (status === 'waiting') placeWaiting(state, conv);
  else placeFree(state, conv);
  state.emit({ type: 'relaxed', conversationId: conv.id, previousSkills: [...previousSkills], skills: [...conv.skills], reason });
}

/** A transfer to skills is an active choice of requirements: a pending relaxation no longer applies. */
export function dropRelaxation(state: RoutingState, conv: ConversationRecord): void {
  const routed = state.conversations.get(conv.id) === conv;
  if (routed && (conv.status === 'waiting' || (conv.status === 'dispatching' && !conv.offer))) untrackRelaxation(state, conv);
  conv.relaxation = null;
  conv.relaxAt = null;
}

/** Enters routing or changes requirements while waiting: no status change, so no decision. */
export function enqueue(state: RoutingState, conv: ConversationRecord, skills?: string[]): void {
  if (state.conversations.get(conv.id) === conv) detachConversation(state, conv);
  if (skills) regroup(state, conv, skills);
  state.conversations.set(conv.id, conv);
  placeWaiting(state, conv);
}

/** Leaves routing entirely (closed, abandoned, back to bot). */
export function forget(state: RoutingState, conv: ConversationRecord): void {
  detachConversation(state, conv);
  state.conversations.delete(conv.id);
}

export function detachConversation(state: RoutingState, conv: ConversationRecord): void {
  switch (conv.status) {
    case 'waiting':
      if (conv.group.waiting.delete(conv)) state.waitingCount--;
      return untrackRelaxation(state, conv);
    case 'dispatching':
      return conv.offer ? detachOffered(state, conv) : detachFree(state, conv);
    case 'processing':
      return detachProcessing(state, conv);
    default: {
      const never: never = conv.status;
      throw new Error(`unknown routed status ${String(never)}`);
    }
  }
}

function detachOffered(state: RoutingState, conv: ConversationRecord): void {
  const agent = state.agents.get((conv.offer as { agentId: string }).agentId);
  // Delete from the expiry index while `offer` still holds the key it is sorted by.
  state.expiries.delete(conv);
  state.offered.delete(conv);
  conv.group.offered--;
  conv.offer = null;
  if (!agent) return;
  beforeLoadChange(state, agent);
  agent.offers.delete(conv);
  afterLoadChange(state, agent);
}

function detachFree(state: RoutingState, conv: ConversationRecord): void {
  conv.group.free.delete(conv);
  state.free.delete(conv);
  untrackRelaxation(state, conv);
}

function detachProcessing(state: RoutingState, conv: ConversationRecord): void {
  const agent = conv.agentId === null ? undefined : state.agents.get(conv.agentId);
  conv.agentId = null;
  if (!agent) return;
  beforeLoadChange(state, agent);
  agent.processing.delete(conv);
  afterLoadChange(state, agent);
}

export function placeWaiting(state: RoutingState, conv: ConversationRecord): void {
  conv.status = 'waiting';
  if (conv.group.waiting.insert(conv)) state.waitingCount++;
  trackRelaxation(state, conv);
}

export function placeFree(state: RoutingState, conv: ConversationRecord): void {
  conv.status = 'dispatching';
  conv.group.free.insert(conv);
  state.free.insert(conv);
  trackRelaxation(state, conv);
}

/**
 * Only a conversation still waiting for a person can relax, so only waiting
 * and offer-less dispatching ones are indexed: a due deadline in the index
 * is always actionable, and one with an offer or an agent waits until it is
 * back (then relaxes at once if its condition holds).
 */
function trackRelaxation(state: RoutingState, conv: ConversationRecord): void {
  if (!conv.relaxation) return;
  if (conv.relaxAt !== null) state.relaxDue.insert(conv);
  if (conv.relaxation.relaxWhenNoneOnline && conv.group.relaxWhenNoneOnline.insert(conv)) state.relaxWhenNoneOnlineCount++;
}

function untrackRelaxation(state: RoutingState, conv: ConversationRecord): void {
  if (!conv.relaxation) return;
  if (conv.relaxAt !== null) state.relaxDue.delete(conv);
  if (conv.group.relaxWhenNoneOnline.delete(conv)) state.relaxWhenNoneOnlineCount--;
}

function regroup(state: RoutingState, conv: ConversationRecord, skills: string[]): void {
  conv.skills = skills;
  conv.group = state.group(skills);
}
