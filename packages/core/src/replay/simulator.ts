import type { RoutingDecision, RoutingEvent, RoutingSettings } from '../routing/types.ts';
import { EventHeap, type Scheduled } from './heap.ts';
import { conversationOf, groupOf, type Episode, type Follow, type LearnedKind, type OnePassReader, type Recording } from './recording.ts';
import { replayResult } from './result.ts';
import { Run } from './run.ts';
import { isWhatIf, type RecordedInput, type ReplayOptions, type ReplayResult, type WhatIfOverrides } from './types.ts';
import { RecordedTeam, addedAgents, cloneOffset, copiesOf, drawHandleTime, drawPatience, settingsWith, upsertedAgent } from './what-if.ts';

interface SimConversation {
  episode: Episode;
  offers: number;
  assignments: number;
  arrivalAt: number;
  /** This run's offers and assignments (time, agent), for follow-ups learned after them (one pass). */
  offerAt: Array<[number, string]>;
  assignAt: Array<[number, string]>;
}

const simConversation = (episode: Episode, arrivalAt: number): SimConversation => ({
  episode,
  offers: 0,
  assignments: 0,
  arrivalAt,
  offerAt: [],
  assignAt: [],
});

/**
 * Pass 2: the recording re-run through a fresh engine. Agents' presence,
 * capacity and skills, settings, the scheduler's beats and hand-offs come from
 * the recording at their recorded times; what depended on routing is re-timed
 * against this run's own decisions: an offer's answer comes its recorded
 * delay after this run's offer, a close its recorded handle time after this
 * run's assignment, a departure its recorded patience after the hand-off.
 * Ties at one millisecond keep the recorded order (the input's key). With no
 * overrides every decision must come out as recorded. From `from` on,
 * overrides change settings, agents and arrivals (docs/what-if.md).
 */
export class Simulator {
  readonly run: Run;
  private readonly heap = new EventHeap();
  private readonly whatIf: boolean;
  private readonly overrides: WhatIfOverrides;
  private readonly sims = new Map<string, SimConversation>();
  private readonly team = new RecordedTeam();
  private readonly removed: Set<string>;
  private readonly added: string[] = [];
  private readonly pendingTicks = new Set<number>();
  private recordedSettings: RoutingSettings | null = null;
  private boundaryDone = false;
  private addedReady = false;
  private inputs = 0;

  private readonly recording: Recording;

  /**
   * `recording`: pass 1's result (two passes), or the reader itself (one
   * pass, replays only): the reader is fed each input just before this
   * simulator, and a follow-up it learns is re-timed against this run's
   * offer, assignment or hand-off as it is learned. In a replay that
   * reproduces, a follow-up is learned at the input that recorded it, which
   * is when this run has it due, so both ways make the same run.
   */
  constructor(
    recording: Recording | OnePassReader,
    private readonly options: ReplayOptions & { end: number },
  ) {
    this.run = new Run(options.from, options.to, options.serviceLevelSeconds, options.shortAbandonSeconds);
    this.run.observers.push((d, at) => this.decided(d, at));
    this.overrides = options.overrides ?? {};
    this.whatIf = isWhatIf(options.overrides);
    this.removed = new Set(this.overrides.removeAgents ?? []);
    if ('sofar' in recording) {
      if (this.whatIf) throw new Error('a what-if needs the whole recording first (two passes)');
      this.recording = recording.sofar();
      recording.onLearn = (episode, kind, index, follow) => this.learned(episode, kind, index, follow);
    } else this.recording = recording;
  }

  feed(input: RecordedInput): void {
    if (input.at >= this.options.end) return;
    this.inputs++;
    this.startWhatIfBy(input.at);
    this.drain(input.at, input.key);
    if (input.kind === 'origin') {
      this.run.origin(input.snapshot, input.at);
      this.recordedSettings = input.snapshot.settings;
      this.team.reset();
      for (const a of input.snapshot.agents) this.team.set(a.id, a.presence);
      return;
    }
    this.recorded(input.event, input.key, input.at, input.note);
  }

  /** Runs what is left up to the end and returns the figures. */
  result(): ReplayResult {
    this.startWhatIfBy(this.options.end);
    this.drain(this.options.end, -Infinity);
    return replayResult(this.recording.run, this.run, this.options, { whatIf: this.whatIf, inputs: this.inputs });
  }

  /** The agents' usual capacity (median) at the end of the run, for the staffing calculator; 5 with no agents. */
  capacityOfAgents(): number {
    const capacities = (this.run.engine?.snapshot().agents ?? [])
      .map((a) => a.capacity)
      .filter((c) => c > 0)
      .sort((a, b) => a - b);
    return capacities.length ? capacities[Math.floor(capacities.length / 2)] : 5;
  }

  /** Runs what is due before (at, key): earlier, or at the same millisecond with a smaller key. */
  private drain(at: number, key: number) {
    for (let next = this.heap.peek(); next && (next.at < at || (next.at === at && next.key < key)); next = this.heap.peek()) {
      this.heap.pop();
      next.run();
    }
  }

  private step(event: RoutingEvent, at: number, note: string | null = null) {
    this.run.step(event, at, note);
    if (!this.whatIf) return;
    // A what-if has no recorded scheduler beat for its own deadlines: it ticks at each one.
    const due = this.run.engine?.nextDeadline() ?? null;
    if (due !== null && !this.pendingTicks.has(due)) {
      this.pendingTicks.add(due);
      this.heap.push(Math.max(due, at), -1, () => {
        this.pendingTicks.delete(due);
        this.step({ type: 'tick' }, Math.max(due, at));
      });
    }
  }

  private recorded(event: RoutingEvent, key: number, at: number, note: string | null) {
    const classified = this.recording.classify?.(event, key, at);
    if (classified === 'inside') return;
    if (classified) return this.arrive(classified, event, key, at);
    const id = classified === undefined ? conversationOf(event) : null;
    const episodes = id === null ? undefined : this.recording.episodes.get(id);
    if (episodes) {
      for (let i = episodes.length - 1; i >= 0; i--) if (episodes[i].arrivalKey === key) return this.arrive(episodes[i], event, key, at);
      // Inputs inside an episode are re-timed from its anchors, not taken as recorded.
      for (const e of episodes) if (e.arrivalKey < key && key <= e.endKey && !e.verbatimKeys.includes(key)) return;
    }
    const active = this.whatIf && at >= this.options.from;
    switch (event.type) {
      case 'presence_changed':
        this.team.set(event.agentId, event.presence);
        if (active && this.removed.has(event.agentId)) return;
        this.step(event, at, note);
        return this.followTeam(at);
      case 'agent_upserted':
        this.team.set(event.agent.id, event.agent.presence);
        if (active && this.removed.has(event.agent.id)) return;
        this.step(
          active ? { type: 'agent_upserted', agent: upsertedAgent(event.agent, this.run.engine?.agent(event.agent.id), this.overrides) } : event,
          at,
          note,
        );
        return this.followTeam(at);
      case 'agent_removed':
        this.team.set(event.agentId, null);
        if (active && this.removed.has(event.agentId)) return;
        return this.step(event, at, note);
      case 'settings_changed':
        this.recordedSettings = event.settings;
        return this.step(active ? { type: 'settings_changed', settings: settingsWith(event.settings, this.overrides) } : event, at, note);
      default:
        return this.step(event, at, note);
    }
  }

  private arrive(episode: Episode, event: RoutingEvent, key: number, at: number) {
    if (event.type === 'agent_started') {
      this.sims.set(event.conversation.id, simConversation(episode, at));
      return this.step(event, at);
    }
    if (event.type !== 'handoff') return;
    const active = this.whatIf && at >= this.options.from;
    const factor = active ? this.overrides.arrivalFactor : undefined;
    const id = event.conversation.id;
    const copies = copiesOf(factor, id, at);
    const relax = active && this.overrides.relaxation !== undefined;
    // The recorded hand-off itself when nothing of it changes (every replay): no copy of the conversation per hand-off.
    if (copies >= 1 && !relax) this.arriveOne(episode, event, key, at);
    for (let j = copies >= 1 && !relax ? 1 : 0; j < copies; j++) {
      const simId = j === 0 ? id : `${id}~${this.recording.ordinalOf?.(episode) ?? this.recording.episodes.get(id)!.indexOf(episode)}~${j}`;
      const offset = j === 0 ? 0 : cloneOffset(simId);
      const conversation = {
        ...event.conversation,
        id: simId,
        queueKey: event.conversation.queueKey + offset,
        lastAgentId: j === 0 ? (event.conversation.lastAgentId ?? null) : null,
        ...(relax && { relaxation: this.overrides.relaxation }),
      };
      if (j === 0) this.arriveOne(episode, { type: 'handoff', conversation }, key, at);
      else this.heap.push(at + offset, key + j / 1000, () => this.arriveOne(episode, { type: 'handoff', conversation }, key, at + offset));
    }
  }

  private arriveOne(episode: Episode, event: Extract<RoutingEvent, { type: 'handoff' }>, key: number, at: number) {
    const simId = event.conversation.id;
    // The previous hand-off of this conversation is still queued here though it had left in the recording.
    if (this.run.routes(simId)) this.step({ type: 'conversation_closed', conversationId: simId }, at, 'bot:superseded');
    const sim = simConversation(episode, at);
    this.sims.set(simId, sim);
    this.step(event, at);
    for (const f of episode.waiting) this.later(at + f.delay, f.key, sim, simId, 'waiting', 0, rewrite(f.event, simId, null), f.note);
    if (!episode.abandon && this.whatIf) {
      const patience = drawPatience(this.recording.patience, episode.answerMs ?? this.options.end - at, simId);
      if (patience !== null)
        this.later(at + patience, key, sim, simId, 'waiting', 0, { type: 'conversation_closed', conversationId: simId }, 'completed:abandoned');
    }
  }

  private decided(d: RoutingDecision, at: number) {
    if (d.type !== 'offered' && d.type !== 'assigned') return;
    const simId = d.conversationId;
    const sim = this.sims.get(simId);
    if (!sim) return;
    if (d.type === 'offered') {
      const k = sim.offers++;
      sim.offerAt[k] = [at, d.agentId];
      const answer = k < sim.episode.offers.length ? sim.episode.offers[k] : this.whatIf ? this.defaultAccept(sim) : null;
      if (answer) this.later(at + answer.delay, answer.key, sim, simId, 'offer', k, rewrite(answer.event, simId, d.agentId), answer.note);
    } else {
      const k = sim.assignments++;
      sim.assignAt[k] = [at, d.agentId];
      const follows = k < sim.episode.assignments.length ? sim.episode.assignments[k] : this.whatIf ? this.defaultClose(sim, simId) : [];
      for (const f of follows) this.later(at + f.delay, f.key, sim, simId, 'assignment', k, rewrite(f.event, simId, d.agentId), f.note);
    }
  }

  /** One pass: a follow-up learned after this run's anchor for it, scheduled as `decided` / `arriveOne` would have. */
  private learned(episode: Episode, kind: LearnedKind, k: number, f: Follow) {
    const simId = episode.conversationId;
    const sim = this.sims.get(simId);
    if (!sim || sim.episode !== episode) return;
    if (kind === 'waiting') return this.later(sim.arrivalAt + f.delay, f.key, sim, simId, kind, 0, rewrite(f.event, simId, null), f.note);
    // This run has not made that offer or assignment yet: `decided` will schedule it.
    const anchors = kind === 'offer' ? sim.offerAt : sim.assignAt;
    if (anchors.length <= k) return;
    const [at, agentId] = anchors[k];
    this.later(at + f.delay, f.key, sim, simId, kind, k, rewrite(f.event, simId, agentId), f.note);
  }

  /**
   * A follow-up of this run's anchor (the hand-off, offer k, assignment k),
   * due at `at`; dropped if by then the anchor is no longer the latest of its
   * kind (the conversation was served, offered again, reassigned) or the
   * conversation left.
   */
  private later(at: number, key: number, sim: SimConversation, simId: string, anchor: LearnedKind, k: number, event: RoutingEvent, note: string | null) {
    this.heap.add(new FollowUp(this, at, key, sim, simId, anchor, k, event, note));
  }

  /** A follow-up come due (FollowUp.run). */
  due(f: FollowUp): void {
    const { at, sim, simId, anchor, k, event } = f;
    if (at >= this.options.end || this.sims.get(simId) !== sim) return;
    if (anchor === 'waiting' ? sim.assignments !== 0 : anchor === 'offer' ? sim.offers !== k + 1 : sim.assignments !== k + 1) return;
    if (!this.run.routes(conversationOf(event)!)) return;
    this.step(event, at, f.note);
    if (event.type === 'conversation_closed') this.sims.delete(event.conversationId);
  }

  /** An offer this run made that the recording never answered: accepted after the recorded median delay. */
  private defaultAccept(sim: SimConversation): Follow {
    return { key: sim.episode.arrivalKey, delay: this.recording.acceptDelayMs, event: { type: 'offer_accepted', conversationId: '', agentId: '' }, note: null };
  }

  /**
   * An assignment the recording never made (the customer had left, or this run
   * assigned it more often): closed after the episode's recorded handle time,
   * else one drawn from its queue's recorded handle times.
   */
  private defaultClose(sim: SimConversation, simId: string): Follow[] {
    const close = (delay: number): Follow[] => [
      { key: sim.episode.arrivalKey, delay, event: { type: 'conversation_closed', conversationId: simId }, note: 'completed:closed_by_agent' },
    ];
    if (sim.episode.handleMs !== null) return close(sim.episode.handleMs);
    const drawn = drawHandleTime(this.recording.handleTimes.get(groupOf(sim.episode.arrival)) ?? this.recording.handleTimes.get('*'), simId);
    return drawn === null ? [] : close(drawn);
  }

  /** At `from`, once: the overridden settings, removed and re-sized agents, added agents. */
  private startWhatIfBy(at: number) {
    const { from } = this.options;
    if (!this.whatIf || this.boundaryDone || at < from || !this.run.engine) return;
    this.drain(from, -Infinity);
    this.boundaryDone = true;
    const o = this.overrides;
    const snapshot = this.run.engine.snapshot();
    this.step({ type: 'settings_changed', settings: settingsWith(this.recordedSettings ?? snapshot.settings, o) }, from);
    for (const id of this.removed) this.step({ type: 'agent_removed', agentId: id }, from);
    if (o.capacity !== undefined) {
      for (const a of snapshot.agents)
        if (!this.removed.has(a.id)) this.step({ type: 'agent_upserted', agent: upsertedAgent(a, this.run.engine.agent(a.id), o) }, from);
    }
    for (const agent of addedAgents(o, from)) {
      this.added.push(agent.id);
      this.step({ type: 'agent_upserted', agent }, from);
    }
    this.followTeam(from);
  }

  /** Added agents work when the team works: ready while any recorded agent is ready (removed or not), offline otherwise. */
  private followTeam(at: number) {
    if (!this.boundaryDone || this.added.length === 0) return;
    // Removed agents count here too: their recorded presence is still when the team worked.
    const ready = this.team.working;
    if (ready === this.addedReady) return;
    this.addedReady = ready;
    for (const id of this.added) this.step({ type: 'presence_changed', agentId: id, presence: ready ? 'ready' : 'offline' }, at);
  }
}

/** A follow-up on the simulator's heap: the item and its task in one object (a month's replay schedules millions). */
class FollowUp implements Scheduled {
  order = 0;

  constructor(
    private readonly simulator: Simulator,
    readonly at: number,
    readonly key: number,
    readonly sim: SimConversation,
    readonly simId: string,
    readonly anchor: LearnedKind,
    readonly k: number,
    readonly event: RoutingEvent,
    readonly note: string | null,
  ) {}

  run(): void {
    this.simulator.due(this);
  }
}

/**
 * The recorded event, about this run's conversation (a copy's id) and, for
 * answers and timeouts, this run's agent; the recorded object itself when
 * those are the same (a replay: no copy per follow-up).
 */
function rewrite(event: RoutingEvent, simId: string, agentId: string | null): RoutingEvent {
  switch (event.type) {
    case 'offer_accepted':
    case 'offer_rejected':
    case 'first_reply_timeout':
      if (event.conversationId === simId && (agentId === null || agentId === event.agentId)) return event;
      return { ...event, conversationId: simId, agentId: agentId ?? event.agentId };
    case 'conversation_closed':
    case 'transferred_to_agent':
    case 'transferred_to_skills':
      if (event.conversationId === simId) return event;
      return { ...event, conversationId: simId };
    default:
      return event;
  }
}
