import { RoutingEngine } from '../routing/engine.ts';
import type { RoutingEvent, RoutingSnapshot } from '../routing/types.ts';
import { Occupancy, Outcomes, sortNumbers } from './outcomes.ts';
import { PeriodEpisodes } from './period-episodes.ts';
import { conversationOf, groupOf, newEpisode, RecordingReader, type Episode, type Follow, type LearnedKind, type Recording } from './recording.ts';
import type { RunTap } from './run.ts';
import type { RecordedInput, WhatIfOverrides } from './types.ts';

/**
 * A replay's reader facts (decision 0026-replay-facts): what the recording
 * reader learns at each input of a stretch of the recording — whether the
 * input is an episode's hand-off, inside an episode (the simulator re-times
 * it) or taken as recorded; the follow-up it learned there, with its delay;
 * and what the recorded run counted there (assignments, a departure, each
 * touched agent's load, capacity and presence). Written once, when a day is
 * compacted, from the previous day's checkpoint; a replay of that day then
 * runs the simulator alone instead of a second engine beside it.
 *
 * Each day's facts start from that day's checkpoint, as a replay starting
 * there would learn them: an episode open across midnight has its next-day
 * inputs taken as recorded rather than re-timed. When the replay reproduces,
 * both are the same input at the same time, so the decisions are the same.
 */
export interface DayFacts {
  /** One character an input: '0' as recorded, '1' an episode's hand-off, '2' inside an episode. */
  roles: string;
  /** Follow-ups learned, four numbers each: input index, kind (0 waiting, 1 offer, 2 assignment), anchor index, delay ms. */
  learned: number[];
  /** Assignments the recorded engine made: input index, conversation id. */
  answers: Array<number | string>;
  /**
   * Offers the recorded engine made: input index, conversation id (decision 0029: a what-if learns its episodes
   * from the facts and needs each episode's offers, answered or not). Absent in facts stored before it: a what-if
   * derives such a day's facts again as it reads it.
   */
  offers?: Array<number | string>;
  /** Input indexes of the departures the recorded run counted (the conversation was routed). */
  leaves: number[];
  /** Agents touched, five numbers each: input index, agent (index into `agents`), ready (1/0), capacity, load. */
  touches: number[];
  agents: string[];
}

const KINDS: readonly LearnedKind[] = ['waiting', 'offer', 'assignment'];
const ROLE_PLAIN = 48; // '0'
const ROLE_ARRIVAL = 49; // '1'
const ROLE_INSIDE = 50; // '2'

const emptyFacts = (): DayFacts => ({ roles: '', learned: [], answers: [], offers: [], leaves: [], touches: [], agents: [] });

/** Writes the facts of a stretch of inputs down, as a reader fed from `start` learns them. */
export class FactsRecorder {
  private readonly reader = new RecordingReader(Infinity, { from: -Infinity, to: Infinity, serviceLevelSeconds: 0, shortAbandonSeconds: 0 });
  private facts = emptyFacts();
  private roles: string[] = [];
  private agentIndex = new Map<string, number>();
  private index = -1;

  /** `start`: the engine's state before the first input (a checkpoint), or null when the inputs begin with the origin. */
  constructor(start: RoutingSnapshot | null, startAt = 0) {
    if (start) this.reader.feed({ key: -Infinity, at: startAt, kind: 'origin', snapshot: start });
    this.reader.onLearn = (_episode, kind, anchor, follow) => this.facts.learned.push(this.index, KINDS.indexOf(kind), anchor, follow.delay);
    const facts = () => this.facts;
    const at = () => this.index;
    const agentOf = (id: string) => {
      let i = this.agentIndex.get(id);
      if (i === undefined) this.agentIndex.set(id, (i = this.facts.agents.push(id) - 1));
      return i;
    };
    const tap: RunTap = {
      answered: (conversationId) => facts().answers.push(at(), conversationId),
      offered: (conversationId) => facts().offers!.push(at(), conversationId),
      left: () => facts().leaves.push(at()),
      touched: (agentId, ready, capacity, load) => facts().touches.push(at(), agentOf(agentId), ready ? 1 : 0, capacity, load),
    };
    this.reader.tap(tap);
  }

  /** Feeds one input; its facts go at the next index. */
  feed(input: RecordedInput): void {
    this.index++;
    this.reader.feed(input);
    this.roles.push(input.kind === 'origin' ? '0' : this.roleOf(input.event, input.key));
  }

  /** The facts since the last take, indexed from 0; the reader goes on. */
  take(): DayFacts {
    const facts = { ...this.facts, roles: this.roles.join('') };
    this.facts = emptyFacts();
    this.roles = [];
    this.agentIndex = new Map();
    this.index = -1;
    return facts;
  }

  /** The engine's state after the last input (the day's checkpoint); null before any origin. */
  snapshot(): RoutingSnapshot | null {
    return this.reader.snapshot();
  }

  /** As the simulator decides it from the reader's episodes: a hand-off that began one, inside one, or neither. */
  private roleOf(event: RoutingEvent, key: number): string {
    const id = conversationOf(event);
    if (id === null) return '0';
    const episodes = this.reader.episodesOf(id);
    if (!episodes) return '0';
    let role = '0';
    for (const e of episodes) {
      if (e.arrivalKey === key) role = '1';
      else if (role === '0' && e.arrivalKey < key && key <= e.endKey && !e.verbatimKeys.includes(key)) role = '2';
    }
    // An ended episode covers no later input: only the open one is kept.
    this.reader.forgetEnded(id);
    return role;
  }
}

/**
 * What a what-if's first pass keeps besides the open episodes: every episode of the period (compactly, handed over
 * as each ends; `open`: the place of each open one) and the distributions it draws from.
 */
interface WholePeriod {
  episodes: PeriodEpisodes;
  open: Map<string, number>;
  begun: number;
  patience: number[];
  acceptDelays: number[];
}

/**
 * The reader's side of a one-pass replay, from facts (stored with a day, or
 * written just now by a FactsRecorder beside it): the episodes the simulator
 * re-times against, the follow-ups as they are learned, and the recorded
 * figures (outcomes, occupancy, handle times), without an engine.
 * With `whatIf`, the first pass of a what-if (decision 0029): it keeps every
 * episode with its offers and assignments, answered or not, and the
 * patience and accept delays, as RecordingReader does with an engine; its
 * `recording()` is then what the simulator's second pass draws from.
 */
export class FactsReader {
  readonly outcomes: Outcomes;
  readonly occupancy: Occupancy;
  onLearn: ((episode: Episode, kind: LearnedKind, index: number, follow: Follow) => void) | null = null;
  /** The open episode of each conversation (its answerMs set at the first assignment). */
  private readonly episodes = new Map<string, Episode>();
  private readonly handles = new Map<string, number[]>();
  private inputs = 0;
  /** The current input's role and, for a hand-off, its episode (the simulator asks as it takes the input). */
  private role = ROLE_PLAIN;
  private arriving: Episode | null = null;
  private cursor = { facts: null as DayFacts | null, learned: 0, answers: 0, offers: 0, leaves: 0, touches: 0 };
  private readonly whole: WholePeriod | null;
  /** A what-if's second pass: the roles of the stretch the simulator takes, and the input's place in it. */
  private readonly again = { roles: '', i: 0 };

  constructor(
    private readonly end: number,
    figures: { from: number; to: number; serviceLevelSeconds: number; shortAbandonSeconds: number; overrides?: WhatIfOverrides },
    how: { whatIf?: boolean } = {},
  ) {
    this.outcomes = new Outcomes(figures.from, figures.to, figures.serviceLevelSeconds, figures.shortAbandonSeconds);
    this.occupancy = new Occupancy(figures.from, figures.to);
    // Copies of hand-offs (an arrival factor above 1) are named by their episode's place among the conversation's.
    const ordinals = (figures.overrides?.arrivalFactor ?? 0) > 1;
    this.whole = how.whatIf ? { episodes: new PeriodEpisodes({ ordinals }), open: new Map(), begun: 0, patience: [], acceptDelays: [] } : null;
  }

  /** The replay's start (the origin or a checkpoint): every agent's load, capacity and presence there. */
  origin(snapshot: RoutingSnapshot, at: number): void {
    const engine = new RoutingEngine(snapshot);
    for (const a of snapshot.agents) {
      const w = engine.agentWorkload(a.id);
      this.occupancy.update(a.id, at, w?.presence === 'ready', w?.capacity ?? 0, w?.load ?? 0);
    }
  }

  /** Input `i` of the stretch `facts` describes; the simulator takes it next. */
  feed(input: RecordedInput, facts: DayFacts, i: number): void {
    if (this.cursor.facts !== facts) this.cursor = { facts, learned: 0, answers: 0, offers: 0, leaves: 0, touches: 0 };
    this.skipTo(facts, i);
    if (input.at >= this.end) return;
    this.inputs++;
    this.role = facts.roles.charCodeAt(i);
    this.arriving = null;
    if (input.kind === 'origin') {
      this.touchAll(facts, i, input.at);
      return;
    }
    const { event, at } = input;
    if (this.role === ROLE_ARRIVAL) this.begin(event, input.key, at);
    const closing = event.type === 'conversation_closed' ? event.conversationId : null;
    if (closing !== null && facts.leaves[this.cursor.leaves] === i) {
      this.cursor.leaves++;
      this.outcomes.leave(closing, at, input.note);
    }
    const learned = facts.learned;
    while (this.cursor.learned < learned.length && learned[this.cursor.learned] === i) {
      const k = this.cursor.learned;
      this.cursor.learned += 4;
      this.learn(KINDS[learned[k + 1]], learned[k + 2], { key: input.key, delay: learned[k + 3], event, note: input.note });
    }
    const whole = this.whole;
    const offers = facts.offers;
    if (whole && offers)
      while (this.cursor.offers < offers.length && offers[this.cursor.offers] === i) {
        this.episodes.get(offers[this.cursor.offers + 1] as string)?.offers.push(null);
        this.cursor.offers += 2;
      }
    const answers = facts.answers;
    while (this.cursor.answers < answers.length && answers[this.cursor.answers] === i) {
      const id = answers[this.cursor.answers + 1] as string;
      this.cursor.answers += 2;
      this.outcomes.answer(id, at);
      const episode = this.episodes.get(id);
      if (episode) {
        if (episode.answerMs === null) episode.answerMs = at - episode.arrivalAt;
        if (whole) episode.assignments.push([]);
      }
    }
    this.touchAll(facts, i, at);
    if (closing !== null) this.finish(closing, at);
  }

  /** What the simulator asks of the input it takes: the episode it begins, 'inside' one, or null (as recorded). */
  classify(): Episode | 'inside' | null {
    return this.arriving ?? (this.role === ROLE_PLAIN ? null : 'inside');
  }

  /** The recording as far as it is read, for the simulator (a replay draws nothing from distributions). */
  sofar(): Recording {
    const episodes = this.episodes;
    return {
      episodes: { get: (id: string) => (episodes.has(id) ? [episodes.get(id)!] : undefined) },
      patience: [],
      handleTimes: this.handles,
      acceptDelayMs: 5_000,
      run: this,
      inputs: this.inputs,
      classify: () => this.classify(),
    };
  }

  /** A what-if's first pass done: the period's episodes and distributions, for the second pass (which calls `position` before each input). */
  recording(): Recording {
    const whole = this.whole;
    if (!whole) throw new Error('only a what-if reader keeps the whole period');
    // The episodes still open at the end are final too.
    for (const [id, n] of whole.open) whole.episodes.keep(n, this.episodes.get(id)!);
    const delays = sortNumbers(whole.acceptDelays);
    return {
      // The second pass takes each episode as its hand-off comes (classify), not by conversation.
      episodes: { get: () => undefined },
      ordinalOf: (episode) => whole.episodes.ordinalOf(episode),
      patience: sortNumbers(whole.patience),
      handleTimes: this.handleTimes(),
      acceptDelayMs: delays.length ? delays[Math.floor(delays.length / 2)] : 5_000,
      run: this,
      inputs: this.inputs,
      classify: (event, key, at) => this.classifyAgain(event, key, at),
    };
  }

  /** The what-if's second pass takes input `i` of the stretch whose facts have these roles next. */
  position(roles: string, i: number): void {
    this.again.roles = roles;
    this.again.i = i;
  }

  /** Handle times (ms) by queue, sorted; '*' = all (the staffing calculator's input). */
  handleTimes(): Map<string, number[]> {
    for (const list of this.handles.values()) sortNumbers(list);
    return this.handles;
  }

  private begin(event: RoutingEvent, key: number, at: number) {
    const id = conversationOf(event)!;
    const episode = newEpisode(id, event, key, at);
    const whole = this.whole;
    if (whole) {
      // A conversation's earlier episode still open here is final: nothing is learned of it any more.
      const earlier = whole.open.get(id);
      if (earlier !== undefined) whole.episodes.keep(earlier, this.episodes.get(id)!);
      const n = whole.begun++;
      whole.open.set(id, n);
      whole.episodes.began(n, id);
    }
    this.episodes.set(id, episode);
    this.arriving = episode;
    if (event.type === 'handoff') this.outcomes.arrive(id, at, event.conversation.skills);
  }

  private learn(kind: LearnedKind, anchor: number, follow: Follow) {
    const id = conversationOf(follow.event);
    const episode = id === null ? undefined : this.episodes.get(id);
    if (!episode) return;
    if (kind === 'offer') episode.offers[anchor] = follow;
    else if (kind === 'assignment') {
      while (episode.assignments.length <= anchor) episode.assignments.push([]);
      episode.assignments[anchor].push(follow);
    } else episode.waiting.push(follow);
    const whole = this.whole;
    if (whole) {
      // As RecordingReader counts them: a departure before any assignment (its patience), an accepted offer's delay.
      if (kind === 'waiting' && follow.event.type === 'conversation_closed') {
        episode.abandon = follow;
        if (follow.note === 'completed:abandoned') whole.patience.push(follow.delay);
      } else if (kind === 'offer' && follow.event.type === 'offer_accepted') whole.acceptDelays.push(follow.delay);
    }
    this.onLearn?.(episode, kind, anchor, follow);
  }

  /** A close ends the conversation's episode (as the reader's `finish`): its handle time is counted, it is forgotten. */
  private finish(id: string, at: number) {
    const episode = this.episodes.get(id);
    if (!episode) return;
    this.episodes.delete(id);
    if (episode.answerMs !== null) {
      const handle = at - episode.arrivalAt - episode.answerMs;
      episode.handleMs = handle;
      this.handleTime(groupOf(episode.arrival), handle);
      this.handleTime('*', handle);
    }
    const whole = this.whole;
    if (whole) {
      whole.episodes.keep(whole.open.get(id)!, episode);
      whole.open.delete(id);
    }
  }

  private handleTime(group: string, ms: number) {
    const list = this.handles.get(group);
    if (list) list.push(ms);
    else this.handles.set(group, [ms]);
  }

  /** Past the facts of inputs before `i` that were not taken (at or after the end). */
  private skipTo(facts: DayFacts, i: number) {
    const c = this.cursor;
    while (c.learned < facts.learned.length && facts.learned[c.learned] < i) c.learned += 4;
    while (c.answers < facts.answers.length && (facts.answers[c.answers] as number) < i) c.answers += 2;
    const offers = this.whole ? facts.offers : undefined;
    if (offers) while (c.offers < offers.length && (offers[c.offers] as number) < i) c.offers += 2;
    while (c.leaves < facts.leaves.length && facts.leaves[c.leaves] < i) c.leaves++;
    while (c.touches < facts.touches.length && facts.touches[c.touches] < i) c.touches += 5;
  }

  /** classify() for a what-if's second pass: the role stored for the input; a hand-off's episode is the period's next (they come in the first pass's order). */
  private classifyAgain(event: RoutingEvent, key: number, at: number): Episode | 'inside' | null {
    const role = this.again.roles.charCodeAt(this.again.i);
    if (role === ROLE_INSIDE) return 'inside';
    if (role !== ROLE_ARRIVAL) return null;
    return this.whole!.episodes.take(event, key, at);
  }

  private touchAll(facts: DayFacts, i: number, at: number) {
    const t = facts.touches;
    while (this.cursor.touches < t.length && t[this.cursor.touches] === i) {
      const k = this.cursor.touches;
      this.occupancy.update(facts.agents[t[k + 1]], at, t[k + 2] === 1, t[k + 3], t[k + 4]);
      this.cursor.touches += 5;
    }
  }
}

