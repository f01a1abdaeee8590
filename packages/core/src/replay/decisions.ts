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
 * A comparison of the simulated decisions, as they come, with recorded ones: the simulated side waits in a queue
 * while the recorded side is behind; the first difference is remembered, as decision lines.
 */
abstract class Check {
  protected readonly produced = new DecisionQueue();
  matched = 0;
  firstDifference: { index: number; recorded: DecisionLine | null; simulated: DecisionLine | null } | null = null;

  /** Simulated decisions still waiting for their recorded counterpart. */
  get unmatched(): number {
    return this.produced.size;
  }

  simulated(d: RoutingDecision, at: number): void {
    this.produced.push(d, at);
    this.compare();
  }

  /** At the end: whatever is left on one side and not the other is a difference. */
  finish(): boolean {
    this.compare();
    const recorded = this.recordedLine();
    if (!this.firstDifference && (recorded !== null || this.produced.size > 0))
      this.firstDifference = { index: this.matched, recorded, simulated: this.produced.firstLine() };
    return this.firstDifference === null;
  }

  /** Matches the two sides as far as both go; stops at a difference. */
  protected abstract compare(): void;

  /** The next recorded decision not matched yet, as a line; null if none is there. */
  protected abstract recordedLine(): DecisionLine | null;
}

/**
 * Compares two sequences of timed decisions as they arrive (`sameDecision` and the time). Each side is a queue read
 * from an index (a month's replay puts ~90,000 decisions on one side before the other catches up: shift() on an
 * array that long moves the whole array each time).
 */
export class DecisionCheck extends Check {
  private expected = new DecisionQueue();

  recorded(d: RoutingDecision, at: number): void {
    this.expected.push(d, at);
    this.compare();
  }

  protected compare() {
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

  protected recordedLine(): DecisionLine | null {
    return this.expected.firstLine();
  }
}

/**
 * Compares simulated decisions, as they come, with recorded ones given as
 * text: pages of decision lines (decisionLine's, '\n' between them), as the
 * server's history reader has PostgreSQL write them (decision
 * 0048-history-check-as-text). Each simulated decision's line is made and
 * compared with the text where the check stands, so no object is made per
 * recorded decision.
 */
export class LineCheck extends Check {
  private readonly pages: string[] = [];
  private pageAt = 0;
  /** The current page and the start of its next line (past its end: the page is done). */
  private page = '';
  private pos = 1;

  /** A page of recorded lines, in order; an empty text is no line. */
  recorded(text: string): void {
    if (text.length === 0) return;
    this.pages.push(text);
    this.compare();
  }

  protected compare() {
    if (this.firstDifference) return;
    const p = this.produced;
    while (p.size > 0 && this.hasRecorded()) {
      const line = decisionLine(p.first(), p.firstAt());
      const { page, pos } = this;
      const end = pos + line.length;
      if (!(page.startsWith(line, pos) && (end === page.length || page.charCodeAt(end) === 10))) {
        this.firstDifference = { index: this.matched, recorded: this.recordedLine(), simulated: line };
        return;
      }
      this.pos = end + 1;
      p.drop();
      this.matched++;
    }
  }

  protected recordedLine(): DecisionLine | null {
    if (!this.hasRecorded()) return null;
    const nl = this.page.indexOf('\n', this.pos);
    return this.page.slice(this.pos, nl === -1 ? this.page.length : nl);
  }

  /** Whether a recorded line is there to compare: the current page's next, or the next page's first. */
  private hasRecorded(): boolean {
    if (this.pos <= this.page.length) return true;
    if (this.pageAt === this.pages.length) return false;
    this.page = this.pages[this.pageAt];
    this.pages[this.pageAt++] = '';
    this.pos = 0;
    if (this.pageAt === this.pages.length) {
      this.pages.length = 0;
      this.pageAt = 0;
    }
    return true;
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
