import { byQueue, type ConversationRecord, type RequirementGroup } from '../model.ts';
import type { RoutingState } from '../routing-state.ts';
import { pickAgent } from '../select-agent.ts';
import { assign, dispatch, offer, relax, requeue, withdrawOffer } from '../transitions.ts';

/**
 * Runs R10, R6, R4, R3 and R5 until none of them can move anything. Each step
 * looks only at group heads (O(groups × log n)); the loop ends because every
 * match or dynamic assignment adds load, which is bounded, and between two of
 * them fill can only raise `dispatching` up to L.
 */
export function settle(state: RoutingState): void {
  for (;;) {
    if (relaxOne(state)) continue;
    if (shrinkOne(state)) continue;
    if (matchOne(state)) continue;
    if (fillOne(state)) continue;
    if (dynamicOne(state)) continue;
    return;
  }
}

/**
 * R10 first, so every later step matches by the requirements that now
 * apply. Due deadlines are in `relaxDue` (earliest first); "none online" is
 * a group with conversations waiting for it and no agent holding its skills
 * ready or away. Each relaxation spends a policy, so this ends.
 */
function relaxOne(state: RoutingState): boolean {
  const due = state.relaxDue.min();
  if (due && (due.relaxAt as number) <= state.now) {
    relax(state, due, 'waited');
    return true;
  }
  if (state.relaxWhenNoneOnlineCount === 0) return false;
  // The first in queue order across the groups, not the first group met: the groups' order is the order they
  // were created in, which an engine rebuilt from a snapshot (a replay's checkpoint) does not share.
  let first: ConversationRecord | undefined;
  for (const group of state.groups.values()) {
    if (group.onlineAgents > 0 || group.relaxWhenNoneOnline.size === 0) continue;
    const head = group.relaxWhenNoneOnline.min() as ConversationRecord;
    if (!first || byQueue(head, first) < 0) first = head;
  }
  if (!first) return false;
  relax(state, first, 'none_online');
  return true;
}

/** R6: the excess goes back last-in-queue-order first, offer-less ones before offered ones. */
function shrinkOne(state: RoutingState): boolean {
  if (state.dispatching <= state.limit) return false;
  const conv = state.free.max() ?? (state.offered.max() as ConversationRecord);
  if (conv.offer) withdrawOffer(state, conv, 'limit_shrunk');
  requeue(state, conv, 'limit_shrunk');
  return true;
}

/**
 * R4: the earliest offer-less dispatching conversation (queue order) that has
 * an available qualifying agent. If a conversation of the same group waits
 * ahead of it (a requeue or an urgent handoff kept an older key), that one is
 * let in first — taking the group's last dispatching place when the limit is
 * full — because I4 forbids matching past it.
 */
function matchOne(state: RoutingState): boolean {
  let best: ConversationRecord | undefined;
  for (const group of state.groups.values()) {
    const candidate = matchCandidate(group);
    if (candidate && (!best || byQueue(candidate, best) < 0)) best = candidate;
  }
  if (!best) return false;
  if (best.status === 'waiting') {
    if (state.dispatching >= state.limit) requeue(state, best.group.free.max() as ConversationRecord, 'swapped_out');
    dispatch(state, best, 'fill');
  }
  return route(state, best, false);
}

function matchCandidate(group: RequirementGroup): ConversationRecord | undefined {
  if (group.available.size === 0) return undefined;
  const dispatching = group.free.min();
  if (!dispatching) return undefined;
  const waiting = group.waiting.min();
  return waiting && byQueue(waiting, dispatching) < 0 ? waiting : dispatching;
}

/** R3: the first waiting conversation that has a qualifying ready agent, busy or not. */
function fillOne(state: RoutingState): boolean {
  if (state.dispatching >= state.limit || state.availableAgents === 0) return false;
  const first = firstWaiting(state, (group) => group.readyAgents > 0);
  if (!first) return false;
  dispatch(state, first, 'fill');
  return true;
}

/**
 * R5. Reached only when matching found nothing, so every offer-less
 * dispatching conversation sits in a group without an available agent: the
 * last of them in queue order is the one "no ready agent with spare capacity
 * can take". The first waiting conversation of a group with an available
 * agent is what that agent qualifies for first.
 */
function dynamicOne(state: RoutingState): boolean {
  const first = firstWaiting(state, (group) => group.available.size > 0);
  if (!first) return false;
  if (state.dispatching >= state.limit) {
    const victim = state.free.max();
    if (!victim) return false;
    requeue(state, victim, 'swapped_out');
  }
  dispatch(state, first, 'dynamic_assignment');
  return route(state, first, true);
}

function firstWaiting(state: RoutingState, eligible: (group: RequirementGroup) => boolean): ConversationRecord | undefined {
  let best: ConversationRecord | undefined;
  for (const group of state.groups.values()) {
    if (group.waiting.size === 0 || !eligible(group)) continue;
    const head = group.waiting.min() as ConversationRecord;
    if (!best || byQueue(head, best) < 0) best = head;
  }
  return best;
}

/** Matched means assigned in `auto`, offered in `offer` (R4). */
function route(state: RoutingState, conv: ConversationRecord, dynamic: boolean): boolean {
  const choice = pickAgent(state, conv);
  if (!choice) return false;
  const reason = dynamic ? 'dynamic_assignment' : choice.sticky ? 'sticky' : 'match';
  const mode = state.settings.mode;
  switch (mode) {
    case 'auto':
      assign(state, conv, choice.agent, reason);
      return true;
    case 'offer':
      offer(state, conv, choice.agent, reason);
      return true;
    default: {
      const never: never = mode;
      throw new Error(`unknown routing mode ${String(never)}`);
    }
  }
}
