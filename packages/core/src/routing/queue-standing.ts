import { agentLoad, byQueue, qualifies, type ConversationRecord } from './model.ts';
import type { RoutingState } from './routing-state.ts';

/** Where a conversation stands, in the terms of the wait estimate (policy/wait-estimate.ts, R12). */
export interface QueueStanding {
  /** 1-based, among conversations with the same requirements still waiting for a person (waiting or offer-less dispatching), in queue order. */
  position: number;
  /** Capacity of each `ready` agent who qualifies, in agent id order. */
  capacities: number[];
  /** Their spare capacity, summed. */
  freeSeats: number;
}

/**
 * A query, not a routing step: it walks the conversations ahead in the group
 * and the agents, O(position + agents), which is fine when a waiting message
 * is sent and wrong inside `apply`. Conversations of other requirement sets
 * who share these agents are not counted; the estimate's measured error
 * (bench/eta) says how much that costs.
 */
export function queueStandingOf(state: RoutingState, conv: ConversationRecord): QueueStanding | null {
  if (conv.status === 'processing' || conv.offer) return null;
  const group = conv.group;
  let position = 1;
  for (const set of [group.waiting, group.free]) {
    for (const other of set.ascending()) {
      if (byQueue(other, conv) >= 0) break;
      position++;
    }
  }
  const agents = [...state.agents.values()].filter((a) => a.presence === 'ready' && qualifies(a, group)).sort((a, b) => (a.id < b.id ? -1 : 1));
  const freeSeats = agents.reduce((sum, a) => sum + Math.max(0, a.capacity - agentLoad(a)), 0);
  return { position, capacities: agents.map((a) => a.capacity), freeSeats };
}
