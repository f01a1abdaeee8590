import type { RoutingDecision } from '../routing/types.ts';
import type { DecisionLine } from './types.ts';

/**
 * One routing decision as a line of text, the same whether it comes from a
 * run of the engine or from the history rows the server wrote for it
 * (conversation_events, presence_events): the reproduction check compares
 * the two sequences line by line.
 */
export function decisionLine(d: RoutingDecision, at: number): DecisionLine {
  switch (d.type) {
    case 'dispatched':
      return `${at} dispatched ${d.conversationId} ${d.reason}`;
    case 'requeued':
      return `${at} requeued ${d.conversationId} ${d.reason}`;
    case 'offered':
      return `${at} offered ${d.conversationId} ${d.agentId} ${d.expiresAt} ${d.reason}`;
    case 'offer_withdrawn':
      return `${at} withdrawn ${d.conversationId} ${d.agentId} ${d.reason}`;
    case 'assigned':
      return `${at} assigned ${d.conversationId} ${d.agentId} ${d.reason}`;
    case 'relaxed':
      return `${at} relaxed ${d.conversationId} ${d.skills.join(',')}`;
    case 'agent_away':
      return `${at} away ${d.agentId}`;
    default: {
      const never: never = d;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Whether two decisions are the same line (decisionLine of each, compared as text), without building the text:
 * the reproduction check compares millions of them.
 */
export function sameDecision(a: RoutingDecision, b: RoutingDecision): boolean {
  switch (a.type) {
    case 'dispatched':
    case 'requeued':
      return a.type === b.type && a.conversationId === b.conversationId && a.reason === b.reason;
    case 'offered':
      return b.type === 'offered' && a.conversationId === b.conversationId && a.agentId === b.agentId && a.expiresAt === b.expiresAt && a.reason === b.reason;
    case 'offer_withdrawn':
    case 'assigned':
      return a.type === b.type && a.conversationId === b.conversationId && a.agentId === b.agentId && a.reason === b.reason;
    case 'relaxed':
      return b.type === 'relaxed' && a.conversationId === b.conversationId && a.skills.join(',') === b.skills.join(',');
    case 'agent_away':
      return b.type === 'agent_away' && a.agentId === b.agentId;
    default: {
      const never: never = a;
      throw new Error(`unknown decision ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Compares two sequences of timed decisions as they arrive (`sameDecision` and the time); remembers the first
 * difference, as decision lines. Each side is a queue read from an index (a month's replay puts ~90,000 decisions
 * on one side before the other catches up: shift() on an array that long moves the whole array each time).
 */
export class DecisionCheck {
  private expected = new DecisionQueue();
  private produced = new DecisionQueue();
  matched = 0;
  firstDifference: { index: number; recorded: DecisionLine | null; simulated: DecisionLine | null } | null = null;

  /** Simulated decisions still waiting for their recorded counterpart. */
  get unmatched(): number {
    return this.produced.size;
  }

  recorded(d: RoutingDecision, at: number): void {
    this.expected.push(d, at);
    this.compare();
  }

  simulated(d: RoutingDecision, at: number): void {
    this.produced.push(d, at);
    this.compare();
  }

  /** At the end: whatever is left on one side and not the other is a difference. */
  finish(): boolean {
    this.compare();
    if (!this.firstDifference && (this.expected.size > 0 || this.produced.size > 0)) {
      this.firstDifference = { index: this.matched, recorded: this.expected.firstLine(), simulated: this.produced.firstLine() };
    }
    return this.firstDifference === null;
  }

  private compare() {
    if (this.firstDifference) return;
    const e = this.expected;
    const p = this.produced;
    while (e.size > 0 && p.size > 0) {
      if (e.firstAt() !== p.firstAt() || !sameDecision(e.first(), p.first())) {
        this.firstDifference = { index: this.matched, recorded: e.firstLine(), simulated: p.firstLine() };
        return;
      }
      e.drop();
      p.drop();
      this.matched++;
    }
  }
}

/** A first-in first-out queue of timed decisions: two arrays read from `head`, compacted once half of them is read. */
class DecisionQueue {
  private decisions: RoutingDecision[] = [];
  private ats: number[] = [];
  private head = 0;

  get size(): number {
    return this.decisions.length - this.head;
  }

  push(d: RoutingDecision, at: number): void {
    this.decisions.push(d);
    this.ats.push(at);
  }

  first(): RoutingDecision {
    return this.decisions[this.head];
  }

  firstAt(): number {
    return this.ats[this.head];
  }

  firstLine(): DecisionLine | null {
    return this.size > 0 ? decisionLine(this.first(), this.firstAt()) : null;
  }

  drop(): void {
    this.head++;
    if (this.head === this.decisions.length) {
      this.decisions = [];
      this.ats = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.decisions.length) {
      this.decisions = this.decisions.slice(this.head);
      this.ats = this.ats.slice(this.head);
      this.head = 0;
    }
  }
}
