import type { RoutingDecision, RoutingEvent, RoutingSnapshot } from '../routing/types.ts';
import { queueOf, sortNumbers, type Occupancy, type Outcomes } from './outcomes.ts';
import { Run, type RunTap } from './run.ts';
import type { RecordedInput } from './types.ts';

/**
 * Pass 1: the recorded inputs fed as they were, in order, to an engine that
 * starts from the recording's origin. What it learns is kept per hand-off
 * (an episode): the arrival, each offer and the answer to it with its delay,
 * each assignment and what followed it (close, transfer, first-reply timeout)
 * with its delay, and how the episode left routing. The simulation (pass 2)
 * re-times those against its own offers and assignments.
 */

/** A conversation input that followed an anchor (an offer, an assignment, the hand-off) after `delay` ms. */
export interface Follow {
  key: number;
  delay: number;
  event: RoutingEvent;
  note: string | null;
}

export interface Episode {
  conversationId: string;
  kind: 'handoff' | 'agent_started';
  arrivalKey: number;
  arrivalAt: number;
  arrival: RoutingEvent;
  /** Each offer's answer (accept / reject) or null (it timed out or was withdrawn). */
  offers: Array<Follow | null>;
  /** What followed each assignment while it was the latest. */
  assignments: Follow[][];
  /** What followed the hand-off before any assignment (a departure: its delay is the patience; a transfer). */
  waiting: Follow[];
  /** Left routing before any assignment: the hand-off → departure delay is its patience. */
  abandon: Follow | null;
  /** Inputs inside the episode that changed nothing for it (a stale answer or timeout): replayed as recorded, since every event settles the engine. */
  verbatimKeys: number[];
  /** Key of the input that ended the episode (Infinity while open): inputs up to it belong to the episode. */
  endKey: number;
  /** Time from the first assignment to leaving routing, for served episodes that ended. */
  handleMs: number | null;
  /** Hand-off → first assignment; null if no agent had it. */
  answerMs: number | null;
}

/** An episode as its arrival (a hand-off or an agent's own start) opens it: nothing learned of it yet. */
export function newEpisode(conversationId: string, arrival: RoutingEvent, arrivalKey: number, arrivalAt: number): Episode {
  return {
    conversationId,
    kind: arrival.type === 'agent_started' ? 'agent_started' : 'handoff',
    arrivalKey,
    arrivalAt,
    arrival,
    offers: [],
    assignments: [],
    waiting: [],
    verbatimKeys: [],
    abandon: null,
    endKey: Infinity,
    handleMs: null,
    answerMs: null,
  };
}

/** What the recorded figures are counted by (a Run, or facts.ts's FactsReader). */
export interface RecordedCounts {
  outcomes: Outcomes;
  occupancy: Occupancy;
}

export interface Recording {
  /** conversation id → its episodes, in order. */
  episodes: { get(conversationId: string): Episode[] | undefined };
  /** Patience (ms) of the episodes that left before any agent had them, sorted. */
  patience: number[];
  /** Handle times (ms) by requirement group, sorted; '*' = all. */
  handleTimes: Map<string, number[]>;
  /** Median accept delay of recorded offers (ms), for offers the recording has no answer for. */
  acceptDelayMs: number;
  /** The pass's run: recorded figures and occupancy. */
  run: RecordedCounts;
  inputs: number;
  /**
   * Facts (facts.ts): what the input the simulator takes now is — an
   * episode's hand-off, inside one, or neither — as the reader found it;
   * absent, the simulator looks it up in `episodes`.
   */
  classify?: (event: RoutingEvent, key: number, at: number) => Episode | 'inside' | null;
  /** An episode's place among its conversation's episodes (names the copies of its hand-off); absent, it is looked up in `episodes`. */
  ordinalOf?: (episode: Episode) => number;
}

/** A reader the simulator runs one pass beside: it learns follow-ups as the inputs come. */
export interface OnePassReader {
  sofar(): Recording;
  onLearn: ((episode: Episode, kind: LearnedKind, index: number, follow: Follow) => void) | null;
}

/**
 * What the reader learned about an open episode, as it learns it (the one-pass replay re-times it then):
 * the answer to the episode's offer `index`, a follow-up of its assignment `index`, or one of the hand-off (index 0).
 */
export type LearnedKind = 'offer' | 'assignment' | 'waiting';

interface Live {
  episode: Episode;
  lastAssignedAt: number | null;
  lastOfferAt: number | null;
  firstAssignedAt: number | null;
}

export class RecordingReader {
  private readonly run: Run;
  private readonly live = new Map<string, Live>();
  private readonly episodes = new Map<string, Episode[]>();
  private readonly patience: number[] = [];
  private readonly handles = new Map<string, number[]>();
  private readonly acceptDelays: number[] = [];
  private inputs = 0;
  private now = 0;
  /** Told each follow-up as it is learned (Simulator's one-pass replay). */
  onLearn: ((episode: Episode, kind: LearnedKind, index: number, follow: Follow) => void) | null = null;

  constructor(
    private readonly end: number,
    figures: { from: number; to: number; serviceLevelSeconds: number; shortAbandonSeconds: number },
  ) {
    this.run = new Run(figures.from, figures.to, figures.serviceLevelSeconds, figures.shortAbandonSeconds);
    this.run.observers.push((d, at) => this.decided(d, at));
  }

  /** Feed inputs in recorded order; inputs at or after the end are ignored. */
  feed(input: RecordedInput): void {
    if (input.at >= this.end) return;
    this.inputs++;
    this.now = input.at;
    if (input.kind === 'origin') return this.run.origin(input.snapshot, input.at);
    const { event, note, key, at } = input;
    const id = conversationOf(event);
    const live = id === null ? undefined : this.live.get(id);
    const routed = id !== null && this.run.routes(id);
    if ((event.type === 'handoff' || event.type === 'agent_started') && !routed) {
      this.begin(id!, event, key, at);
    } else if (live && routed) {
      this.follow(live, key, event, note, at);
    }
    this.run.step(event, at, note);
    if (live && event.type === 'conversation_closed') this.finish(live, key, at);
  }

  result(): Recording {
    const byGroup = new Map<string, number[]>();
    for (const [group, list] of this.handles) byGroup.set(group, sortNumbers(list));
    const delays = sortNumbers(this.acceptDelays);
    return {
      episodes: this.episodes,
      patience: sortNumbers(this.patience),
      handleTimes: byGroup,
      acceptDelayMs: delays.length ? delays[Math.floor(delays.length / 2)] : 5_000,
      run: this.run,
      inputs: this.inputs,
    };
  }

  /**
   * The recording as far as it is read, for a one-pass replay: episodes fill
   * in as the reader goes (follow-ups come through onLearn); the
   * distributions a what-if draws from are empty, so only a replay may use it.
   */
  sofar(): Recording {
    return { episodes: this.episodes, patience: [], handleTimes: new Map(), acceptDelayMs: 5_000, run: this.run, inputs: this.inputs };
  }

  private begin(id: string, event: RoutingEvent, key: number, at: number) {
    const episode = newEpisode(id, event, key, at);
    const list = this.episodes.get(id);
    if (list) list.push(episode);
    else this.episodes.set(id, [episode]);
    this.live.set(id, { episode, lastAssignedAt: null, lastOfferAt: null, firstAssignedAt: null });
  }

  /** A conversation input inside an open episode, anchored to what it answers. */
  private follow(live: Live, key: number, event: RoutingEvent, note: string | null, at: number) {
    const { episode } = live;
    const c = this.run.engine!.holder(episode.conversationId)!;
    if (event.type === 'offer_accepted' || event.type === 'offer_rejected') {
      if (c.offerAgentId !== event.agentId || live.lastOfferAt === null) return void episode.verbatimKeys.push(key);
      const answer: Follow = { key, delay: at - live.lastOfferAt, event, note };
      episode.offers[episode.offers.length - 1] = answer;
      if (event.type === 'offer_accepted') this.acceptDelays.push(at - live.lastOfferAt);
      this.onLearn?.(episode, 'offer', episode.offers.length - 1, answer);
    } else if (event.type === 'first_reply_timeout' && (c.status !== 'processing' || c.agentId !== event.agentId)) {
      // A timeout for an agent who no longer holds it changed nothing.
      return void episode.verbatimKeys.push(key);
    } else if (episode.assignments.length > 0 && live.lastAssignedAt !== null) {
      const follow: Follow = { key, delay: at - live.lastAssignedAt, event, note };
      episode.assignments[episode.assignments.length - 1].push(follow);
      this.onLearn?.(episode, 'assignment', episode.assignments.length - 1, follow);
    } else {
      const follow: Follow = { key, delay: at - episode.arrivalAt, event, note };
      episode.waiting.push(follow);
      this.onLearn?.(episode, 'waiting', 0, follow);
      if (event.type !== 'conversation_closed') return;
      episode.abandon = follow;
      if (note === 'completed:abandoned') this.patience.push(follow.delay);
    }
  }

  private finish(live: Live, key: number, at: number) {
    const { episode } = live;
    episode.endKey = key;
    this.live.delete(episode.conversationId);
    if (live.firstAssignedAt !== null) {
      episode.handleMs = at - live.firstAssignedAt;
      const group = groupOf(episode.arrival);
      for (const g of [group, '*']) {
        const list = this.handles.get(g);
        if (list) list.push(episode.handleMs);
        else this.handles.set(g, [episode.handleMs]);
      }
    }
  }

  private decided(d: RoutingDecision, at: number) {
    if (!('conversationId' in d)) return;
    const live = this.live.get(d.conversationId);
    if (!live) return;
    if (d.type === 'offered') {
      live.episode.offers.push(null);
      live.lastOfferAt = at;
    } else if (d.type === 'assigned') {
      live.episode.assignments.push([]);
      live.lastAssignedAt = at;
      if (live.firstAssignedAt === null) {
        live.firstAssignedAt = at;
        live.episode.answerMs = at - live.episode.arrivalAt;
      }
    }
  }

  get time(): number {
    return this.now;
  }

  /** Events the reader's engine took. */
  get events(): number {
    return this.run.events;
  }

  /** The run's counts also go to `tap` (facts.ts). */
  tap(tap: RunTap): void {
    this.run.tap = tap;
  }

  episodesOf(conversationId: string): readonly Episode[] | undefined {
    return this.episodes.get(conversationId);
  }

  /** Drops the conversation's ended episodes (facts.ts keeps only what a later input can still fall in). */
  forgetEnded(conversationId: string): void {
    const list = this.episodes.get(conversationId);
    if (!list || list.every((e) => e.endKey === Infinity)) return;
    const open = list.filter((e) => e.endKey === Infinity);
    if (open.length === 0) this.episodes.delete(conversationId);
    else this.episodes.set(conversationId, open);
  }

  /** The engine's state now; null before any origin. */
  snapshot(): RoutingSnapshot | null {
    return this.run.engine?.snapshot() ?? null;
  }
}

export function conversationOf(event: RoutingEvent): string | null {
  switch (event.type) {
    case 'handoff':
    case 'agent_started':
      return event.conversation.id;
    case 'offer_accepted':
    case 'offer_rejected':
    case 'first_reply_timeout':
    case 'conversation_closed':
    case 'transferred_to_agent':
    case 'transferred_to_skills':
      return event.conversationId;
    default:
      return null;
  }
}

export function groupOf(event: RoutingEvent): string {
  if (event.type !== 'handoff' && event.type !== 'agent_started') return '*';
  return queueOf(event.conversation.skills);
}
