import {
  DEFAULT_ROUTING_SETTINGS,
  RoutingEngine,
  type AgentPresence,
  type AgentState,
  type RoutedConversation,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingSettings,
} from '../../../src/index.ts';

export function agent(id: string, overrides: Partial<AgentState> = {}): AgentState {
  return { id, presence: 'ready', capacity: 5, skills: {}, lastAssignedAt: 0, ...overrides };
}

export function settings(overrides: Partial<RoutingSettings> = {}): RoutingSettings {
  return { ...DEFAULT_ROUTING_SETTINGS, ...overrides };
}

export function engineWith(
  agents: AgentState[],
  settingsOverrides: Partial<RoutingSettings> = {},
  conversations: RoutedConversation[] = [],
): RoutingEngine {
  return new RoutingEngine({ settings: settings(settingsOverrides), agents, conversations });
}

export function handoff(id: string, queueKey: number, skills: string[] = [], lastAgentId: string | null = null): RoutingEvent {
  return { type: 'handoff', conversation: { id, skills, queueKey, lastAgentId } };
}

export function presence(agentId: string, value: AgentPresence): RoutingEvent {
  return { type: 'presence_changed', agentId, presence: value };
}

export const accept = (conversationId: string, agentId: string): RoutingEvent => ({ type: 'offer_accepted', conversationId, agentId });
export const reject = (conversationId: string, agentId: string): RoutingEvent => ({ type: 'offer_rejected', conversationId, agentId });
export const close = (conversationId: string): RoutingEvent => ({ type: 'conversation_closed', conversationId });
export const tick: RoutingEvent = { type: 'tick' };

/** R2's key: handoff time − base priority in seconds. */
export function queueKey(handoffAt: number, priority = 0): number {
  return handoffAt - priority * 1000;
}

export function statusOf(engine: RoutingEngine, id: string): string | undefined {
  return engine.conversation(id)?.status;
}

export function idsWithStatus(engine: RoutingEngine, status: string): string[] {
  return engine
    .snapshot()
    .conversations.filter((c) => c.status === status)
    .sort((a, b) => a.queueKey - b.queueKey || (a.id < b.id ? -1 : 1))
    .map((c) => c.id);
}

/** Decisions as short strings, e.g. `assigned c1→A (match)`, for readable expectations. */
export function story(decisions: RoutingDecision[]): string[] {
  return decisions.map((d) => {
    switch (d.type) {
      case 'dispatched':
      case 'requeued':
        return `${d.type} ${d.conversationId} (${d.reason})`;
      case 'offered':
      case 'assigned':
      case 'offer_withdrawn':
        return `${d.type} ${d.conversationId}→${d.agentId} (${d.reason})`;
      case 'agent_away':
        return `agent_away ${d.agentId} (${d.reason})`;
      case 'relaxed':
        return `relaxed ${d.conversationId} [${d.previousSkills.join(',')}]→[${d.skills.join(',')}] (${d.reason})`;
      default: {
        const never: never = d;
        throw new Error(`unknown decision ${JSON.stringify(never)}`);
      }
    }
  });
}
