/**
 * Aho–Corasick automaton over UTF-16 code units: one pass over the text finds
 * every pattern it contains, so 1,000 `contains` rules cost about as much as
 * one. Each pattern carries a rank (its rule's position); we only ever need the
 * lowest rank that matches, so each node keeps the minimum rank reachable
 * through its output links instead of a list of outputs.
 */
export class AhoCorasick {
  private readonly edges: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly bestRank: number[] = [Infinity];

  constructor(patterns: readonly { text: string; rank: number }[]) {
    for (const { text, rank } of patterns) this.insert(text, rank);
    this.link();
  }

  /** Lowest rank among the patterns found in `text`, or Infinity. */
  lowestRankIn(text: string): number {
    let state = 0;
    let best = Infinity;
    for (let i = 0; i < text.length; i++) {
      state = this.step(state, text.charCodeAt(i));
      if (this.bestRank[state] < best) best = this.bestRank[state];
    }
    return best;
  }

  private insert(text: string, rank: number): void {
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let next = this.edges[node].get(code);
      if (next === undefined) {
        next = this.edges.length;
        this.edges.push(new Map());
        this.fail.push(0);
        this.bestRank.push(Infinity);
        this.edges[node].set(code, next);
      }
      node = next;
    }
    this.bestRank[node] = Math.min(this.bestRank[node], rank);
  }

  /** Breadth-first, so a node's failure target is finished before the node. */
  private link(): void {
    const queue: number[] = [];
    for (const child of this.edges[0].values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, child] of this.edges[node]) {
        const target = this.step(this.fail[node], code);
        this.fail[child] = target === child ? 0 : target;
        this.bestRank[child] = Math.min(this.bestRank[child], this.bestRank[this.fail[child]]);
        queue.push(child);
      }
    }
  }

  private step(from: number, code: number): number {
    let state = from;
    for (;;) {
      const next = this.edges[state].get(code);
      if (next !== undefined) return next;
      if (state === 0) return 0;
      state = this.fail[state];
    }
  }
}
