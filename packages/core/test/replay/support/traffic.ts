import { RoutingEngine, DEFAULT_ROUTING_SETTINGS, type AgentState, type RecordedInput, type RoutingEvent, type RoutingSettings } from '../../../src/index.ts';

/**
 * Made-up traffic recorded the way the server records it: a driver feeds one
 * engine hand-offs at their times, closes each conversation its handle time
 * after the assignment, answers offers after a delay, lets customers leave
 * after their patience, and writes every input it fed.
 */
export interface Arrival {
  at: number;
  handleMs: number;
  skills?: string[];
  /** Leaves if still unassigned this long after the hand-off. */
  patienceMs?: number;
}

export interface Traffic {
  settings?: Partial<RoutingSettings>;
  agents: AgentState[];
  arrivals: Arrival[];
  /** Offer mode: every offer is accepted this long after it is made. */
  acceptAfterMs?: number;
}

export function recordTraffic(traffic: Traffic): RecordedInput[] {
  const settings = { ...DEFAULT_ROUTING_SETTINGS, ...traffic.settings };
  const snapshot = { settings, agents: traffic.agents, conversations: [] };
  const start = Math.min(...traffic.arrivals.map((a) => a.at), 0);
  const engine = new RoutingEngine(structuredClone(snapshot));
  const inputs: RecordedInput[] = [{ key: 0, at: start, kind: 'origin', snapshot: structuredClone(snapshot) }];
  type Due = { at: number; order: number; event: RoutingEvent; note: string | null };
  const due: Due[] = [];
  let order = 0;
  const push = (at: number, event: RoutingEvent, note: string | null = null) => due.push({ at, order: order++, event, note });
  traffic.arrivals.forEach((a, i) => {
    const id = `c${String(i).padStart(5, '0')}`;
    push(a.at, { type: 'handoff', conversation: { id, skills: a.skills ?? [], queueKey: a.at, lastAgentId: null, relaxation: null } });
    if (a.patienceMs !== undefined) push(a.at + a.patienceMs, { type: 'conversation_closed', conversationId: id }, 'completed:abandoned');
  });
  const handle = new Map(traffic.arrivals.map((a, i) => [`c${String(i).padStart(5, '0')}`, a.handleMs]));
  const assigned = new Set<string>();
  const gone = new Set<string>();
  let key = 1;
  while (due.length > 0) {
    due.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = due.shift()!;
    const ev = next.event;
    if (ev.type === 'conversation_closed' && (gone.has(ev.conversationId) || (next.note === 'completed:abandoned' && assigned.has(ev.conversationId)))) continue;
    if (ev.type === 'conversation_closed') gone.add(ev.conversationId);
    inputs.push({ key: key++, at: next.at, kind: 'event', event: ev, note: next.note });
    for (const d of engine.apply(ev, next.at)) {
      if (d.type === 'assigned') {
        assigned.add(d.conversationId);
        push(next.at + handle.get(d.conversationId)!, { type: 'conversation_closed', conversationId: d.conversationId }, 'completed:closed_by_agent');
      }
      if (d.type === 'offered') push(next.at + (traffic.acceptAfterMs ?? 5_000), { type: 'offer_accepted', conversationId: d.conversationId, agentId: d.agentId });
    }
    const deadline = engine.nextDeadline();
    if (deadline !== null && !due.some((x) => x.event.type === 'tick' && x.at === deadline)) push(deadline, { type: 'tick' });
  }
  return inputs;
}

export const agent = (id: string, capacity = 1, skills: Record<string, number> = {}): AgentState => ({ id, presence: 'ready', capacity, skills, lastAssignedAt: 0 });
