import { updateLoad } from './agent-index.ts';
import type { AgentRecord, ConversationRecord } from './model.ts';
import type { RoutingState } from './routing-state.ts';
import type { AssignReason, DispatchReason, RequeueReason, WithdrawReason } from './types.ts';

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
  updateLoad(state, agent, () => agent.offers.add(conv));
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
  updateLoad(state, agent, () => {
    agent.processing.add(conv);
    agent.lastAssignedAt = state.now;
  });
  state.emit({ type: 'assigned', conversationId: conv.id, agentId: agent.id, reason });
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
      return;
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
  if (agent) updateLoad(state, agent, () => agent.offers.delete(conv));
}

function detachFree(state: RoutingState, conv: ConversationRecord): void {
  conv.group.free.delete(conv);
  state.free.delete(conv);
}

function detachProcessing(state: RoutingState, conv: ConversationRecord): void {
  const agent = conv.agentId === null ? undefined : state.agents.get(conv.agentId);
  conv.agentId = null;
  if (agent) updateLoad(state, agent, () => agent.processing.delete(conv));
}

function placeWaiting(state: RoutingState, conv: ConversationRecord): void {
  conv.status = 'waiting';
  if (conv.group.waiting.insert(conv)) state.waitingCount++;
}

function placeFree(state: RoutingState, conv: ConversationRecord): void {
  conv.status = 'dispatching';
  conv.group.free.insert(conv);
  state.free.insert(conv);
}

function regroup(state: RoutingState, conv: ConversationRecord, skills: string[]): void {
  conv.skills = skills;
  conv.group = state.group(skills);
}
