import { qualifies, type AgentRecord, type ConversationRecord } from './model.ts';
import type { RoutingState } from './routing-state.ts';

export interface AgentChoice {
  agent: AgentRecord;
  sticky: boolean;
}

/**
 * R4's choice among the qualifying ready agents with spare capacity. The
 * group index already holds them in tie-break order, so the best one is its
 * minimum; agents who declined this conversation are skipped, which walks at
 * most |declinedBy| + 1 entries, and taken only when nobody else can.
 */
export function pickAgent(state: RoutingState, conv: ConversationRecord): AgentChoice | null {
  const available = conv.group.available;
  const best = available.min();
  if (!best) return null;
  const sticky = stickyAgent(state, conv);
  if (sticky) return { agent: sticky, sticky: true };
  if (conv.declinedBy.length === 0) return { agent: best.agent, sticky: false };
  for (const entry of available.ascending()) {
    if (!conv.declinedBy.includes(entry.agent.id)) return { agent: entry.agent, sticky: false };
  }
  return { agent: best.agent, sticky: false };
}

/** Sticky is a direct lookup: the contact's last agent, if qualifying, free and not a decliner. */
function stickyAgent(state: RoutingState, conv: ConversationRecord): AgentRecord | null {
  if (!state.settings.stickyAgent || conv.lastAgentId === null) return null;
  if (conv.declinedBy.includes(conv.lastAgentId)) return null;
  const agent = state.agents.get(conv.lastAgentId);
  if (!agent || !agent.indexed || !qualifies(agent, conv.group)) return null;
  return agent;
}
