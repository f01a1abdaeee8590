import { RoutingEngine } from '../routing/engine.ts';
import type { RoutingDecision, RoutingEvent, RoutingSnapshot } from '../routing/types.ts';
import { Occupancy, Outcomes } from './outcomes.ts';

/**
 * One engine fed events at given times, watched for what the figures need:
 * hand-offs, answers and departures (Outcomes), and each touched agent's
 * load, capacity and presence (Occupancy). Both passes run through it, so the
 * recorded and the simulated figures are counted by the same code.
 */
export class Run {
  engine: RoutingEngine | null = null;
  events = 0;
  readonly outcomes: Outcomes;
  readonly occupancy: Occupancy;
  /** Told every decision the engine makes, with its time. */
  readonly observers: Array<(d: RoutingDecision, at: number) => void> = [];
  /** The agents one step touched; one set reused (a step never runs inside another). */
  private readonly touched = new Set<string>();

  constructor(from: number, to: number, serviceLevelSeconds: number, shortAbandonSeconds: number) {
    this.outcomes = new Outcomes(from, to, serviceLevelSeconds, shortAbandonSeconds);
    this.occupancy = new Occupancy(from, to);
  }

  origin(snapshot: RoutingSnapshot, at: number): void {
    this.engine = new RoutingEngine(snapshot);
    for (const a of snapshot.agents) this.touch(a.id, at);
  }

  /** Whether the engine routes this conversation now. */
  routes(conversationId: string): boolean {
    return this.engine?.conversation(conversationId) !== undefined;
  }

  step(event: RoutingEvent, at: number, note: string | null = null): RoutingDecision[] {
    const engine = this.engine;
    if (!engine) return [];
    this.events++;
    const touched = this.touched;
    touched.clear();
    if (event.type === 'handoff' && !this.routes(event.conversation.id))
      this.outcomes.arrive(event.conversation.id, at, [...event.conversation.skills].map((s) => s.trim().toLowerCase()).sort());
    if (event.type === 'conversation_closed') {
      const c = engine.conversation(event.conversationId);
      if (c) {
        if (c.agentId) touched.add(c.agentId);
        if (c.offer) touched.add(c.offer.agentId);
        this.outcomes.leave(event.conversationId, at, note);
      }
    }
    if (event.type === 'transferred_to_agent' || event.type === 'transferred_to_skills' || event.type === 'first_reply_timeout') {
      const agentId = engine.conversation(event.conversationId)?.agentId;
      if (agentId) touched.add(agentId);
    }
    if ('agentId' in event) touched.add(event.agentId);
    if (event.type === 'agent_upserted') touched.add(event.agent.id);
    const decisions = engine.apply(event, at);
    for (const d of decisions) {
      if ('agentId' in d) touched.add(d.agentId);
      if (d.type === 'assigned') this.outcomes.answer(d.conversationId, at);
      for (const observe of this.observers) observe(d, at);
    }
    for (const id of touched) this.touch(id, at);
    return decisions;
  }

  private touch(agentId: string, at: number) {
    const a = this.engine?.agent(agentId);
    if (!a) return this.occupancy.update(agentId, at, { ready: false, capacity: 0, load: 0 });
    this.occupancy.update(agentId, at, { ready: a.presence === 'ready', capacity: a.capacity, load: this.engine!.agentLoad(agentId) });
  }
}
