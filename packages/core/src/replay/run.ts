import { RoutingEngine, type AgentWorkload } from '../routing/engine.ts';
import type { RoutingDecision, RoutingEvent, RoutingSnapshot } from '../routing/types.ts';
import { Occupancy, Outcomes } from './outcomes.ts';

/** Told what a run counts as it counts it (facts.ts writes a recorded day's counts down this way). */
export interface RunTap {
  answered(conversationId: string): void;
  offered(conversationId: string): void;
  left(): void;
  touched(agentId: string, ready: boolean, capacity: number, load: number): void;
}

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
  tap: RunTap | null = null;
  /** The agents one step touched; one set reused (a step never runs inside another). */
  private readonly touched = new Set<string>();
  /** One agent's workload as `touch` reads it, one object reused (the engine fills it). */
  private readonly workload: AgentWorkload = { presence: 'offline', capacity: 0, load: 0 };

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
    return this.engine?.routes(conversationId) ?? false;
  }

  step(event: RoutingEvent, at: number, note: string | null = null): RoutingDecision[] {
    const engine = this.engine;
    if (!engine) return [];
    this.events++;
    const touched = this.touched;
    touched.clear();
    switch (event.type) {
      case 'handoff':
        if (!engine.routes(event.conversation.id)) this.outcomes.arrive(event.conversation.id, at, event.conversation.skills);
        break;
      case 'conversation_closed': {
        const c = engine.holder(event.conversationId);
        if (c) {
          if (c.agentId) touched.add(c.agentId);
          if (c.offerAgentId) touched.add(c.offerAgentId);
          this.outcomes.leave(event.conversationId, at, note);
          this.tap?.left();
        }
        break;
      }
      case 'transferred_to_agent':
      case 'transferred_to_skills':
      case 'first_reply_timeout': {
        const agentId = engine.holder(event.conversationId)?.agentId;
        if (agentId) touched.add(agentId);
        break;
      }
      case 'agent_upserted':
        touched.add(event.agent.id);
        break;
    }
    const agentId = agentOfEvent(event);
    if (agentId !== null) touched.add(agentId);
    const decisions = engine.apply(event, at);
    const observers = this.observers;
    for (let i = 0; i < decisions.length; i++) {
      const d = decisions[i];
      if (d.type === 'offered' || d.type === 'assigned' || d.type === 'offer_withdrawn' || d.type === 'agent_away') touched.add(d.agentId);
      if (d.type === 'assigned') {
        this.outcomes.answer(d.conversationId, at);
        this.tap?.answered(d.conversationId);
      } else if (d.type === 'offered') this.tap?.offered(d.conversationId);
      for (let j = 0; j < observers.length; j++) observers[j](d, at);
    }
    for (const id of touched) this.touch(id, at);
    return decisions;
  }

  private touch(agentId: string, at: number) {
    const a = this.engine?.agentWorkload(agentId, this.workload);
    const ready = a?.presence === 'ready';
    const capacity = a?.capacity ?? 0;
    const load = a?.load ?? 0;
    this.occupancy.update(agentId, at, ready, capacity, load);
    this.tap?.touched(agentId, ready, capacity, load);
  }
}

/** The agent an event names (`'agentId' in event` by its type: a lookup by type, not by property, on every step). */
function agentOfEvent(event: RoutingEvent): string | null {
  switch (event.type) {
    case 'agent_removed':
    case 'presence_changed':
    case 'offer_accepted':
    case 'offer_rejected':
    case 'first_reply_timeout':
    case 'transferred_to_agent':
    case 'agent_started':
      return event.agentId;
    default:
      return null;
  }
}
