import { RoutingEngine, DEFAULT_ROUTING_SETTINGS, type AgentState, type RecordedInput, type RoutingEvent, type RoutingSettings } from '../../../src/index.ts';
import { EventHeap } from '../../../src/replay/heap.ts';

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
  type Due = { at: number; event: RoutingEvent; note: string | null };
  const due = new EventHeap();
  const ticks = new Set<number>();
  let next: Due | null = null;
  const push = (at: number, event: RoutingEvent, note: string | null = null) => due.push(at, 0, () => (next = { at, event, note }));
  traffic.arrivals.forEach((a, i) => {
    const id = `c${String(i).padStart(5, '0')}`;
    push(a.at, { type: 'handoff', conversation: { id, skills: a.skills ?? [], queueKey: a.at, lastAgentId: null, relaxation: null } });
    if (a.patienceMs !== undefined) push(a.at + a.patienceMs, { type: 'conversation_closed', conversationId: id }, 'completed:abandoned');
  });
  const handle = new Map(traffic.arrivals.map((a, i) => [`c${String(i).padStart(5, '0')}`, a.handleMs]));
  const assigned = new Set<string>();
  const gone = new Set<string>();
  let key = 1;
  while (due.size > 0) {
    due.pop()!.run();
    const { at, event: ev, note } = next as unknown as Due;
    if (ev.type === 'tick') ticks.delete(at);
    if (ev.type === 'conversation_closed' && (gone.has(ev.conversationId) || (note === 'completed:abandoned' && assigned.has(ev.conversationId)))) continue;
    if (ev.type === 'conversation_closed') gone.add(ev.conversationId);
    inputs.push({ key: key++, at, kind: 'event', event: ev, note });
    for (const d of engine.apply(ev, at)) {
      if (d.type === 'assigned') {
        assigned.add(d.conversationId);
        push(at + handle.get(d.conversationId)!, { type: 'conversation_closed', conversationId: d.conversationId }, 'completed:closed_by_agent');
      }
      if (d.type === 'offered') push(at + (traffic.acceptAfterMs ?? 5_000), { type: 'offer_accepted', conversationId: d.conversationId, agentId: d.agentId });
    }
    const deadline = engine.nextDeadline();
    if (deadline !== null && !ticks.has(deadline)) {
      ticks.add(deadline);
      push(deadline, { type: 'tick' });
    }
  }
  return inputs;
}

export const agent = (id: string, capacity = 1, skills: Record<string, number> = {}): AgentState => ({
  id,
  presence: 'ready',
  capacity,
  skills,
  lastAssignedAt: 0,
});
