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
 * Compares two decision sequences as they arrive; remembers the first difference. Each side is a queue read
 * from an index (a month's replay puts ~90,000 lines on one side before the other catches up: shift() on an
 * array that long moves the whole array each time).
 */
export class DecisionCheck {
  private expected = new LineQueue();
  private produced = new LineQueue();
  matched = 0;
  firstDifference: { index: number; recorded: DecisionLine | null; simulated: DecisionLine | null } | null = null;

  /** Simulated lines still waiting for their recorded counterpart. */
  get unmatched(): number {
    return this.produced.size;
  }

  recorded(line: DecisionLine): void {
    this.expected.push(line);
    this.compare();
  }

  simulated(line: DecisionLine): void {
    this.produced.push(line);
    this.compare();
  }

  /** At the end: whatever is left on one side and not the other is a difference. */
  finish(): boolean {
    this.compare();
    if (!this.firstDifference && (this.expected.size > 0 || this.produced.size > 0)) {
      this.firstDifference = { index: this.matched, recorded: this.expected.first() ?? null, simulated: this.produced.first() ?? null };
    }
    return this.firstDifference === null;
  }

  private compare() {
    if (this.firstDifference) return;
    while (this.expected.size > 0 && this.produced.size > 0) {
      const a = this.expected.take();
      const b = this.produced.take();
      if (a !== b) {
        this.firstDifference = { index: this.matched, recorded: a, simulated: b };
        return;
      }
      this.matched++;
    }
  }
}

/** A first-in first-out queue of lines: an array read from `head`, compacted once half of it is read. */
class LineQueue {
  private items: DecisionLine[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(line: DecisionLine): void {
    this.items.push(line);
  }

  first(): DecisionLine | undefined {
    return this.items[this.head];
  }

  take(): DecisionLine {
    const line = this.items[this.head++];
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= 4096 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return line;
  }
}
