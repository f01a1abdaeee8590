import {
  DEFAULT_ROUTING_SETTINGS,
  RoutingEngine,
  decisionLine,
  type AgentState,
  type RecordedInput,
  type RoutingEvent,
  type RoutingMode,
} from '../../packages/core/src/index.ts';
import { EventHeap } from '../../packages/core/src/replay/heap.ts';

/**
 * A generated month, recorded as the server records it: agents on 8-hour
 * shifts (three overlapping crews), Poisson hand-offs shaped by the hour of
 * day over a few skill queues, exponential handle times, customers who leave
 * after an exponential patience, offers (offer mode) answered after a few
 * seconds or rejected now and then. One engine is fed and every input it
 * took is written down, with the decisions it made (the history to compare).
 */
export interface MonthSpec {
  agents: number;
  days: number;
  mode: RoutingMode;
  seed: number;
  /** Hand-offs per agent-hour at the daily peak. */
  peakPerAgentHour: number;
}

const SKILLS = ['en', 'ja', 'zh', 'billing'];
const HOUR = 3_600_000;
const START = Date.UTC(2026, 10, 1);

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Share of the peak arriving at this hour of day: quiet at night, busy 09–18. */
const profile = (hour: number) => (hour < 7 ? 0.1 : hour < 9 ? 0.5 : hour < 18 ? 1 : hour < 22 ? 0.5 : 0.15);

export function recordMonth(spec: MonthSpec) {
  const rnd = random(spec.seed);
  const exp = (mean: number) => -Math.log(1 - rnd()) * mean;
  const agents: AgentState[] = Array.from({ length: spec.agents }, (_, i) => ({
    id: `agt_${String(i).padStart(5, '0')}`,
    presence: 'offline',
    capacity: 3,
    skills: { [SKILLS[i % 2]]: 1 + (i % 5), ...(i % 3 === 0 && { billing: 2 }), ...(i % 7 === 0 && { zh: 3 }) },
    lastAssignedAt: 0,
  }));
  const settings = { ...DEFAULT_ROUTING_SETTINGS, mode: spec.mode };
  const snapshot = { settings, agents, conversations: [] };
  const engine = new RoutingEngine(structuredClone(snapshot));
  const inputs: RecordedInput[] = [{ key: 0, at: START, kind: 'origin', snapshot: structuredClone(snapshot) }];
  const decisions: string[] = [];
  const heap = new EventHeap();
  type Due = { at: number; event: RoutingEvent; note: string | null };
  let next: Due | null = null;
  const push = (at: number, event: RoutingEvent, note: string | null = null) => heap.push(at, 0, () => (next = { at, event, note }));

  // Three crews: 06–14, 09–17, 14–22, and a night crew of a tenth 22–06.
  agents.forEach((a, i) => {
    const crew = i % 10 === 9 ? 22 : [6, 9, 14][i % 3];
    for (let d = 0; d < spec.days; d++) {
      const on = START + d * 24 * HOUR + crew * HOUR + Math.floor(rnd() * 600_000);
      push(on, { type: 'presence_changed', agentId: a.id, presence: 'ready' });
      push(on + 4 * HOUR, { type: 'presence_changed', agentId: a.id, presence: 'away' });
      push(on + 4.5 * HOUR, { type: 'presence_changed', agentId: a.id, presence: 'ready' });
      push(on + 8 * HOUR, { type: 'presence_changed', agentId: a.id, presence: 'offline' });
    }
  });
  const peakPerHour = spec.peakPerAgentHour * spec.agents;
  const handle = new Map<string, number>();
  const served = new Set<string>();
  const gone = new Set<string>();
  let n = 0;
  for (let t = START; t < START + spec.days * 24 * HOUR;) {
    t += exp(HOUR / peakPerHour);
    if (rnd() > profile(new Date(t).getUTCHours())) continue;
    const id = `conv_${String(n++).padStart(8, '0')}`;
    const skills = rnd() < 0.15 ? ['billing'] : rnd() < 0.05 ? ['zh'] : [SKILLS[Math.floor(rnd() * 2)]];
    const at = Math.floor(t);
    push(at, { type: 'handoff', conversation: { id, skills, queueKey: at, lastAgentId: null, relaxation: null } });
    handle.set(id, Math.round(exp(8 * 60_000)) + 30_000);
    push(at + Math.round(exp(5 * 60_000)), { type: 'conversation_closed', conversationId: id }, 'completed:abandoned');
  }
  const ticks = new Set<number>();
  let key = 1;
  while (heap.size > 0) {
    heap.pop()!.run();
    const { at, event, note } = next as unknown as Due;
    if (event.type === 'tick') ticks.delete(at);
    if (event.type === 'conversation_closed') {
      if (gone.has(event.conversationId) || (note === 'completed:abandoned' && served.has(event.conversationId))) continue;
      gone.add(event.conversationId);
    }
    if (event.type === 'offer_accepted' || event.type === 'offer_rejected') {
      if (engine.conversation(event.conversationId)?.offer?.agentId !== event.agentId) continue;
    }
    inputs.push({ key: key++, at, kind: 'event', event, note });
    for (const d of engine.apply(event, at)) {
      decisions.push(decisionLine(d, at));
      if (d.type === 'assigned') {
        served.add(d.conversationId);
        push(at + handle.get(d.conversationId)!, { type: 'conversation_closed', conversationId: d.conversationId }, 'completed:closed_by_agent');
      }
      if (d.type === 'offered' && rnd() < 0.97)
        push(at + 1_000 + Math.round(rnd() * 8_000), {
          type: rnd() < 0.9 ? 'offer_accepted' : 'offer_rejected',
          conversationId: d.conversationId,
          agentId: d.agentId,
        });
    }
    const deadline = engine.nextDeadline();
    if (deadline !== null && !ticks.has(deadline)) {
      ticks.add(deadline);
      // The scheduler's beat: a deadline fires up to 250 ms late, as in the server.
      push(deadline + Math.floor(rnd() * 250), { type: 'tick' });
    }
  }
  return { inputs, decisions, start: START, end: START + spec.days * 24 * HOUR, conversations: n };
}
