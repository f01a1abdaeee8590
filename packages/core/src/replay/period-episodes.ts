import type { RoutingEvent } from '../routing/types.ts';
import { conversationOf, type Episode, type Follow } from './recording.ts';

/**
 * Every episode of a what-if's period, kept compactly between its two passes
 * (decision 0032-what-if-compact-episodes). The first pass (FactsReader)
 * hands each episode over once nothing more can be learned of it; it is kept
 * as numbers in columns, its follow-ups' events as shared templates (the
 * simulator rewrites their conversation, and agent, to its own), its notes
 * interned. The second pass asks for the episodes back in the order their
 * hand-offs come (the same inputs in the same order), each made again as an
 * Episode equal to the one handed over, with the hand-off it is taking.
 * A month of a 1,000-agent tenant is 1.56 M episodes: as objects (with the
 * parsed events they held) the garbage collector's marking of them was most
 * of the what-if's cost.
 */

/** A growable column of float64. */
class Column {
  private data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  set(index: number, value: number): void {
    while (this.length <= index) this.push(NaN);
    this.data[index] = value;
  }

  get(index: number): number {
    return this.data[index];
  }
}

const OFFER = 0;
const ASSIGNMENT = 1;
const WAITING = 2;

/** Conversation-scoped events the simulator rewrites to its own conversation (and agent): one template per shape. */
function templateKey(event: RoutingEvent): string | null {
  const keys = Object.keys(event).length;
  switch (event.type) {
    case 'offer_accepted':
    case 'offer_rejected':
    case 'first_reply_timeout':
    case 'transferred_to_agent':
      return keys === 3 ? `${event.type} ${event.agentId}` : null;
    case 'conversation_closed':
      return keys === 2 ? event.type : null;
    case 'transferred_to_skills':
      return keys === 3 ? `${event.type} ${event.skills.join(',')}` : null;
    default:
      return null;
  }
}

export class PeriodEpisodes {
  // Per episode, by its hand-off's place in the period (0, 1, …).
  private readonly answerMs = new Column();
  private readonly handleMs = new Column();
  private readonly offerCount = new Column();
  private readonly assignmentCount = new Column();
  /** Index into the follow columns of the episode's first follow-up, and how many. */
  private readonly firstFollow = new Column();
  private readonly follows = new Column();
  /** Place among the episode's waiting follow-ups of its departure (-1: none). */
  private readonly abandonAt = new Column();
  /** Place among its conversation's episodes (only when a what-if makes copies of hand-offs). */
  private readonly ordinal: Column | null;
  // Per follow-up.
  private readonly followList = new Column();
  private readonly followIndex = new Column();
  private readonly followKey = new Column();
  private readonly followDelay = new Column();
  private readonly followEvent = new Column();
  private readonly followNote = new Column();
  private readonly events: RoutingEvent[] = [];
  private readonly eventIndex = new Map<string, number>();
  private readonly notes: string[] = [];
  private readonly noteIndex = new Map<string, number>();
  private readonly seen: Map<string, number> | null;
  private readonly ordinals = new WeakMap<Episode, number>();
  private next = 0;

  constructor(how: { ordinals: boolean }) {
    this.ordinal = how.ordinals ? new Column() : null;
    this.seen = how.ordinals ? new Map() : null;
  }

  /** Episode `n` (its hand-off's place) began: with copies of hand-offs, its place among its conversation's episodes. */
  began(n: number, conversationId: string): void {
    if (!this.ordinal || !this.seen) return;
    const k = this.seen.get(conversationId) ?? 0;
    this.seen.set(conversationId, k + 1);
    this.ordinal.set(n, k);
  }

  /** Episode `n`, final: nothing more will be learned of it. */
  keep(n: number, e: Episode): void {
    this.answerMs.set(n, e.answerMs ?? NaN);
    this.handleMs.set(n, e.handleMs ?? NaN);
    this.offerCount.set(n, e.offers.length);
    this.assignmentCount.set(n, e.assignments.length);
    this.firstFollow.set(n, this.followList.length);
    const before = this.followList.length;
    for (let k = 0; k < e.offers.length; k++) {
      const f = e.offers[k];
      if (f) this.follow(OFFER, k, f);
    }
    for (let k = 0; k < e.assignments.length; k++) for (const f of e.assignments[k]) this.follow(ASSIGNMENT, k, f);
    this.abandonAt.set(n, e.abandon ? e.waiting.indexOf(e.abandon) : -1);
    for (let k = 0; k < e.waiting.length; k++) this.follow(WAITING, k, e.waiting[k]);
    this.follows.set(n, this.followList.length - before);
  }

  /** The second pass: the episode of the next hand-off, made again, with the hand-off being taken. */
  take(event: RoutingEvent, key: number, at: number): Episode {
    const n = this.next++;
    const conversationId = conversationOf(event)!;
    const answerMs = this.answerMs.get(n);
    const handleMs = this.handleMs.get(n);
    const offers: Array<Follow | null> = new Array<Follow | null>(this.offerCount.get(n)).fill(null);
    const assignments: Follow[][] = [];
    for (let k = this.assignmentCount.get(n); k > 0; k--) assignments.push([]);
    const waiting: Follow[] = [];
    const first = this.firstFollow.get(n);
    for (let i = first, last = first + this.follows.get(n); i < last; i++) {
      const note = this.followNote.get(i);
      const f: Follow = {
        key: this.followKey.get(i),
        delay: this.followDelay.get(i),
        event: this.events[this.followEvent.get(i)],
        note: note < 0 ? null : this.notes[note],
      };
      const list = this.followList.get(i);
      const k = this.followIndex.get(i);
      if (list === OFFER) offers[k] = f;
      else if (list === ASSIGNMENT) assignments[k].push(f);
      else waiting.push(f);
    }
    const abandonAt = this.abandonAt.get(n);
    const episode: Episode = {
      conversationId,
      kind: event.type === 'agent_started' ? 'agent_started' : 'handoff',
      arrivalKey: key,
      arrivalAt: at,
      arrival: event,
      offers,
      assignments,
      waiting,
      verbatimKeys: [],
      abandon: abandonAt >= 0 ? waiting[abandonAt] : null,
      endKey: Infinity,
      handleMs: Number.isNaN(handleMs) ? null : handleMs,
      answerMs: Number.isNaN(answerMs) ? null : answerMs,
    };
    if (this.ordinal) this.ordinals.set(episode, this.ordinal.get(n));
    return episode;
  }

  /** A taken episode's place among its conversation's episodes (for the ids of copies). */
  ordinalOf(episode: Episode): number {
    const k = this.ordinals.get(episode);
    if (k === undefined) throw new Error('ordinals are kept only for a what-if that copies hand-offs');
    return k;
  }

  private follow(list: number, index: number, f: Follow) {
    this.followList.push(list);
    this.followIndex.push(index);
    this.followKey.push(f.key);
    this.followDelay.push(f.delay);
    this.followEvent.push(this.eventOf(f.event));
    this.followNote.push(f.note === null ? -1 : this.intern(f.note));
  }

  /** The event's template: the shared one of its shape, or (another kind of event) the event itself. */
  private eventOf(event: RoutingEvent): number {
    const key = templateKey(event);
    if (key === null) return this.events.push(event) - 1;
    let i = this.eventIndex.get(key);
    if (i === undefined) {
      const template = { ...event, conversationId: '' } as RoutingEvent;
      this.eventIndex.set(key, (i = this.events.push(template) - 1));
    }
    return i;
  }

  private intern(note: string): number {
    let i = this.noteIndex.get(note);
    if (i === undefined) this.noteIndex.set(note, (i = this.notes.push(note) - 1));
    return i;
  }
}
