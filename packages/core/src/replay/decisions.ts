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

/** Compares two decision sequences as they arrive; remembers the first difference. */
export class DecisionCheck {
  private expected: DecisionLine[] = [];
  private produced: DecisionLine[] = [];
  matched = 0;
  firstDifference: { index: number; recorded: DecisionLine | null; simulated: DecisionLine | null } | null = null;

  /** Simulated lines still waiting for their recorded counterpart. */
  get unmatched(): number {
    return this.produced.length;
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
    if (!this.firstDifference && (this.expected.length > 0 || this.produced.length > 0)) {
      this.firstDifference = { index: this.matched, recorded: this.expected[0] ?? null, simulated: this.produced[0] ?? null };
    }
    return this.firstDifference === null;
  }

  private compare() {
    if (this.firstDifference) return;
    while (this.expected.length > 0 && this.produced.length > 0) {
      const a = this.expected.shift()!;
      const b = this.produced.shift()!;
      if (a !== b) {
        this.firstDifference = { index: this.matched, recorded: a, simulated: b };
        return;
      }
      this.matched++;
    }
  }
}
