import type { AgentPresence } from '../statuses.ts';
import type { AgentState, RoutingDecision, RoutingEvent, RoutingSettings } from '../routing/types.ts';
import { EventHeap, before, unitHash } from './heap.ts';
import { conversationOf, groupOf, type Episode, type Follow, type Learned, type Recording, type RecordingReader } from './recording.ts';
import { Run } from './run.ts';
import { isWhatIf, type RecordedInput, type ReplayOptions, type ReplayResult, type WhatIfOverrides } from './types.ts';

/** Copies made by an arrival factor above 1 arrive within this long after the original. */
const CLONE_SPREAD_MS = 15 * 60_000;

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
  private readonly recordedPresence = new Map<string, AgentPresence>();
  /** Recorded agents ready now (removed ones included): kept as presence changes, so followTeam is O(1). */
  private recordedReady = 0;
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
    recording: Recording | RecordingReader,
    private readonly options: ReplayOptions & { end: number },
  ) {
    this.run = new Run(options.from, options.to, options.serviceLevelSeconds, options.shortAbandonSeconds);
    this.run.observers.push((d, at) => this.decided(d, at));
    this.overrides = options.overrides ?? {};
    this.whatIf = isWhatIf(options.overrides);
    this.removed = new Set(this.overrides.removeAgents ?? []);
    if ('feed' in recording) {
      if (this.whatIf) throw new Error('a what-if needs the whole recording first (two passes)');
      this.recording = recording.sofar();
      recording.onLearn = (episode, learned) => this.learned(episode, learned);
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
      this.recordedPresence.clear();
      this.recordedReady = 0;
      for (const a of input.snapshot.agents) this.setRecordedPresence(a.id, a.presence);
      return;
    }
    this.recorded(input.event, input.key, input.at, input.note);
  }

  /** Runs what is left up to the end and returns the figures. */
  result(): ReplayResult {
    this.startWhatIfBy(this.options.end);
    this.drain(this.options.end, -Infinity);
    const { from, to } = this.options;
    const recordedRun = this.recording.run;
    const recordedQueues = recordedRun.outcomes.queues();
    const simulatedQueues = this.run.outcomes.queues();
    const groups = [...new Set([...recordedQueues.keys(), ...simulatedQueues.keys()])].sort();
    const empty = new Run(from, to, 0, 0).outcomes.figures();
    const recOcc = recordedRun.occupancy.result(this.options.end);
    const simOcc = this.run.occupancy.result(this.options.end);
    const agentIds = [...new Set([...recOcc.keys(), ...simOcc.keys()])].sort();
    return {
      from,
      to,
      whatIf: this.whatIf,
      recorded: recordedRun.outcomes.figures(),
      simulated: this.run.outcomes.figures(),
      queues: groups.map((g) => ({
        skills: g === '' ? [] : g.split(','),
        recorded: recordedQueues.get(g) ?? empty,
        simulated: simulatedQueues.get(g) ?? empty,
      })),
      agents: agentIds.map((agentId) => ({ agentId, recorded: recOcc.get(agentId) ?? null, simulated: simOcc.get(agentId) ?? null })),
      inputs: this.inputs,
      simulatedEvents: this.run.events,
    };
  }

  /** The agents' usual capacity (median) at the end of the run, for the staffing calculator; 5 with no agents. */
  capacityOfAgents(): number {
    const capacities = (this.run.engine?.snapshot().agents ?? [])
      .map((a) => a.capacity)
      .filter((c) => c > 0)
      .sort((a, b) => a - b);
    return capacities.length ? capacities[Math.floor(capacities.length / 2)] : 5;
  }

  private drain(at: number, key: number) {
    const limit = { at, key, order: -1 };
    for (let next = this.heap.peek(); next && before(next, limit); next = this.heap.peek()) {
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
    const id = conversationOf(event);
    const episodes = id === null ? undefined : this.recording.episodes.get(id);
    const arriving = episodes?.find((e) => e.arrivalKey === key);
    if (arriving) return this.arrive(arriving, event, key, at);
    // Inputs inside an episode are re-timed from its anchors, not taken as recorded.
    if (episodes?.some((e) => e.arrivalKey < key && key <= e.endKey && !e.verbatimKeys.includes(key))) return;
    const active = this.whatIf && at >= this.options.from;
    switch (event.type) {
      case 'presence_changed':
        this.setRecordedPresence(event.agentId, event.presence);
        if (active && this.removed.has(event.agentId)) return;
        this.step(event, at, note);
        return this.followTeam(at);
      case 'agent_upserted':
        this.setRecordedPresence(event.agent.id, event.agent.presence);
        if (active && this.removed.has(event.agent.id)) return;
        this.step(active ? { type: 'agent_upserted', agent: this.upserted(event.agent) } : event, at, note);
        return this.followTeam(at);
      case 'agent_removed':
        this.setRecordedPresence(event.agentId, null);
        if (active && this.removed.has(event.agentId)) return;
        return this.step(event, at, note);
      case 'settings_changed':
        this.recordedSettings = event.settings;
        return this.step(active ? { type: 'settings_changed', settings: this.settingsWith(event.settings) } : event, at, note);
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
    const copies = factor === undefined ? 1 : Math.floor(factor) + (unitHash(`${id}@${at}`) < factor - Math.floor(factor) ? 1 : 0);
    const index = this.recording.episodes.get(id)!.indexOf(episode);
    for (let j = 0; j < copies; j++) {
      const simId = j === 0 ? id : `${id}~${index}~${j}`;
      const offset = j === 0 ? 0 : Math.floor(unitHash(simId) * CLONE_SPREAD_MS);
      const conversation = {
        ...event.conversation,
        id: simId,
        queueKey: event.conversation.queueKey + offset,
        lastAgentId: j === 0 ? (event.conversation.lastAgentId ?? null) : null,
        ...(active && this.overrides.relaxation !== undefined && { relaxation: this.overrides.relaxation }),
      };
      const go = () => this.arriveOne(episode, { type: 'handoff', conversation }, key, at + offset);
      if (j === 0) go();
      else this.heap.push(at + offset, key + j / 1000, go);
    }
  }

  private arriveOne(episode: Episode, event: Extract<RoutingEvent, { type: 'handoff' }>, key: number, at: number) {
    const simId = event.conversation.id;
    // The previous hand-off of this conversation is still queued here though it had left in the recording.
    if (this.run.routes(simId)) this.step({ type: 'conversation_closed', conversationId: simId }, at, 'bot:superseded');
    const sim = simConversation(episode, at);
    this.sims.set(simId, sim);
    this.step(event, at);
    const unserved = () => sim.assignments === 0 && this.sims.get(simId) === sim;
    for (const f of episode.waiting) this.later(at + f.delay, f.key, unserved, rewrite(f.event, simId, null), f.note);
    if (!episode.abandon && this.whatIf) {
      const patience = this.patienceOf(simId, episode, at);
      if (patience !== null) this.later(at + patience, key, unserved, { type: 'conversation_closed', conversationId: simId }, 'completed:abandoned');
    }
  }

  /**
   * A served customer's patience is unknown, only that it outlasted the wait:
   * drawn (by id, the same every run) from the abandoners' patience above that
   * wait; none above it = never abandons.
   */
  private patienceOf(simId: string, episode: Episode, at: number): number | null {
    const waited = episode.answerMs ?? this.options.end - at;
    const all = this.recording.patience;
    // The first value above the wait, by bisection (a month has tens of thousands of abandoners).
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (all[mid] <= waited) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= all.length) return null;
    return all[lo + Math.floor(unitHash(`${simId}:patience`) * (all.length - lo))];
  }

  private decided(d: RoutingDecision, at: number) {
    if (!('conversationId' in d)) return;
    const sim = this.sims.get(d.conversationId);
    if (!sim) return;
    const simId = d.conversationId;
    if (d.type === 'offered') {
      const k = sim.offers++;
      sim.offerAt[k] = [at, d.agentId];
      const answer = k < sim.episode.offers.length ? sim.episode.offers[k] : this.whatIf ? this.defaultAccept(sim) : null;
      if (answer)
        this.later(
          at + answer.delay,
          answer.key,
          () => sim.offers === k + 1 && this.sims.get(simId) === sim,
          rewrite(answer.event, simId, d.agentId),
          answer.note,
        );
    } else if (d.type === 'assigned') {
      const k = sim.assignments++;
      sim.assignAt[k] = [at, d.agentId];
      const follows = k < sim.episode.assignments.length ? sim.episode.assignments[k] : this.whatIf ? this.defaultClose(sim, simId) : [];
      for (const f of follows)
        this.later(at + f.delay, f.key, () => sim.assignments === k + 1 && this.sims.get(simId) === sim, rewrite(f.event, simId, d.agentId), f.note);
    }
  }

  /** One pass: a follow-up learned after this run's anchor for it, scheduled as `decided` / `arriveOne` would have. */
  private learned(episode: Episode, l: Learned) {
    const simId = episode.conversationId;
    const sim = this.sims.get(simId);
    if (!sim || sim.episode !== episode) return;
    const f = l.follow;
    if (l.kind === 'waiting') {
      this.later(sim.arrivalAt + f.delay, f.key, () => sim.assignments === 0 && this.sims.get(simId) === sim, rewrite(f.event, simId, null), f.note);
    } else if (l.kind === 'offer') {
      const k = l.index;
      if (sim.offers <= k) return; // this run has not made that offer yet: `decided` will schedule it
      const [at, agentId] = sim.offerAt[k];
      this.later(at + f.delay, f.key, () => sim.offers === k + 1 && this.sims.get(simId) === sim, rewrite(f.event, simId, agentId), f.note);
    } else {
      const k = l.index;
      if (sim.assignments <= k) return;
      const [at, agentId] = sim.assignAt[k];
      this.later(at + f.delay, f.key, () => sim.assignments === k + 1 && this.sims.get(simId) === sim, rewrite(f.event, simId, agentId), f.note);
    }
  }

  private later(at: number, key: number, still: () => boolean, event: RoutingEvent, note: string | null) {
    this.heap.push(at, key, () => {
      if (at >= this.options.end || !still() || !this.run.routes(conversationOf(event)!)) return;
      this.step(event, at, note);
      if (event.type === 'conversation_closed') this.sims.delete(event.conversationId);
    });
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
    const times = this.recording.handleTimes.get(groupOf(sim.episode.arrival)) ?? this.recording.handleTimes.get('*');
    if (!times || times.length === 0) return [];
    return close(times[Math.floor(unitHash(`${simId}:handle`) * times.length)]);
  }

  /** At `from`, once: the overridden settings, removed and re-sized agents, added agents. */
  private startWhatIfBy(at: number) {
    const { from } = this.options;
    if (!this.whatIf || this.boundaryDone || at < from || !this.run.engine) return;
    this.drain(from, -Infinity);
    this.boundaryDone = true;
    const o = this.overrides;
    const snapshot = this.run.engine.snapshot();
    this.step({ type: 'settings_changed', settings: this.settingsWith(this.recordedSettings ?? snapshot.settings) }, from);
    for (const id of this.removed) this.step({ type: 'agent_removed', agentId: id }, from);
    if (o.capacity !== undefined) {
      for (const a of snapshot.agents) if (!this.removed.has(a.id)) this.step({ type: 'agent_upserted', agent: this.upserted(a) }, from);
    }
    (o.addAgents ?? []).forEach((spec, i) => {
      const id = `added_${i + 1}`;
      this.added.push(id);
      const skills: Record<string, number> = {};
      for (const s of spec.skills) {
        if (typeof s === 'string') skills[s] = 1;
        else skills[s.name] = s.level;
      }
      this.step({ type: 'agent_upserted', agent: { id, presence: 'offline', capacity: spec.capacity ?? o.capacity ?? 5, skills, lastAssignedAt: from } }, from);
    });
    this.followTeam(from);
  }

  /** Added agents work when the team works: ready while any recorded agent is ready (removed or not), offline otherwise. */
  private followTeam(at: number) {
    if (!this.boundaryDone || this.added.length === 0) return;
    // Removed agents count here too: their recorded presence is still when the team worked.
    const ready = this.recordedReady > 0;
    if (ready === this.addedReady) return;
    this.addedReady = ready;
    for (const id of this.added) this.step({ type: 'presence_changed', agentId: id, presence: ready ? 'ready' : 'offline' }, at);
  }

  private setRecordedPresence(agentId: string, presence: AgentPresence | null) {
    if (this.recordedPresence.get(agentId) === 'ready') this.recordedReady--;
    if (presence === null) this.recordedPresence.delete(agentId);
    else this.recordedPresence.set(agentId, presence);
    if (presence === 'ready') this.recordedReady++;
  }

  private upserted(agent: AgentState): AgentState {
    const current = this.run.engine?.agent(agent.id);
    return { ...agent, capacity: this.overrides.capacity ?? agent.capacity, lastAssignedAt: current?.lastAssignedAt ?? agent.lastAssignedAt };
  }

  private settingsWith(settings: RoutingSettings): RoutingSettings {
    const o = this.overrides;
    return {
      ...settings,
      ...(o.mode !== undefined && { mode: o.mode }),
      ...(o.dispatchPerAgent !== undefined && { dispatchPerAgent: o.dispatchPerAgent }),
      ...(o.offerTimeoutSeconds !== undefined && { offerTimeoutMs: o.offerTimeoutSeconds * 1000 }),
      ...(o.stickyAgent !== undefined && { stickyAgent: o.stickyAgent }),
    };
  }
}

/** The recorded event, about this run's conversation (a copy's id) and, for answers and timeouts, this run's agent. */
function rewrite(event: RoutingEvent, simId: string, agentId: string | null): RoutingEvent {
  switch (event.type) {
    case 'offer_accepted':
    case 'offer_rejected':
    case 'first_reply_timeout':
      return { ...event, conversationId: simId, agentId: agentId ?? event.agentId };
    case 'conversation_closed':
    case 'transferred_to_agent':
    case 'transferred_to_skills':
      return { ...event, conversationId: simId };
    default:
      return event;
  }
}
