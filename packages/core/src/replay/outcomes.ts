import { sortedCopy } from './sort-numbers.ts';
import type { Figures } from './types.ts';

export { sortNumbers } from './sort-numbers.ts';

/**
 * Waits, service level and abandonment of the hand-offs in [from, to), by the
 * definitions of docs/metrics.md (handled = answered by an agent; abandoned =
 * left with reason `abandoned` before any agent had it; short abandons out of
 * offered; service level = handled within the threshold ÷ offered), counted
 * per hand-off rather than per conversation. Open records are folded into
 * running totals as they end, so memory follows the conversations in the
 * queue, not the period.
 */
interface Open {
  group: string;
  handoffAt: number;
  answeredAt: number | null;
}

class Totals {
  conversations = 0;
  handled = 0;
  abandoned = 0;
  shortAbandoned = 0;
  withinTarget = 0;
  waits: number[] = [];

  handle(wait: number, serviceLevelSeconds: number) {
    this.handled++;
    this.waits.push(wait);
    if (wait <= serviceLevelSeconds) this.withinTarget++;
  }

  figures(): Figures {
    const offered = this.handled + this.abandoned;
    const waits = sortedCopy(this.waits);
    let sum = 0;
    for (let i = 0; i < waits.length; i++) sum += waits[i];
    return {
      conversations: this.conversations,
      handled: this.handled,
      abandoned: this.abandoned,
      meanWaitSeconds: waits.length === 0 ? null : round1(sum / waits.length),
      p50WaitSeconds: percentile(waits, 0.5),
      p90WaitSeconds: percentile(waits, 0.9),
      serviceLevel: ratio(this.withinTarget, offered),
      abandonRate: ratio(this.abandoned, offered),
    };
  }
}

export class Outcomes {
  private open = new Map<string, Open>();
  private all = new Totals();
  private groups = new Map<string, Totals>();

  constructor(
    private readonly from: number,
    private readonly to: number,
    private readonly serviceLevelSeconds: number,
    private readonly shortAbandonSeconds: number,
  ) {}

  /** A hand-off; its queue is its required skills, trimmed, lower-case, sorted. */
  arrive(id: string, at: number, skills: readonly string[]): void {
    if (at < this.from || at >= this.to) return;
    const group = queueOf(skills);
    this.open.set(id, { group, handoffAt: at, answeredAt: null });
    this.all.conversations++;
    this.totalsOf(group).conversations++;
  }

  answer(id: string, at: number): void {
    const o = this.open.get(id);
    if (!o || o.answeredAt !== null) return;
    o.answeredAt = at;
    const wait = (at - o.handoffAt) / 1000;
    this.all.handle(wait, this.serviceLevelSeconds);
    this.totalsOf(o.group).handle(wait, this.serviceLevelSeconds);
  }

  leave(id: string, at: number, note: string | null): void {
    const o = this.open.get(id);
    if (!o) return;
    this.open.delete(id);
    if (o.answeredAt !== null || note !== 'completed:abandoned') return;
    const short = at - o.handoffAt < this.shortAbandonSeconds * 1000;
    const group = this.totalsOf(o.group);
    if (short) {
      this.all.shortAbandoned++;
      group.shortAbandoned++;
    } else {
      this.all.abandoned++;
      group.abandoned++;
    }
  }

  figures(): Figures {
    return this.all.figures();
  }

  queues(): Map<string, Figures> {
    return new Map([...this.groups.entries()].map(([group, totals]) => [group, totals.figures()]));
  }

  private totalsOf(group: string): Totals {
    let t = this.groups.get(group);
    if (!t) this.groups.set(group, (t = new Totals()));
    return t;
  }
}

/** A queue's name: its required skills, trimmed, lower-case, sorted, joined by commas. */
export function queueOf(skills: readonly string[]): string {
  if (skills.length === 1) return skills[0].trim().toLowerCase();
  return skills
    .map((s) => s.trim().toLowerCase())
    .sort()
    .join(',');
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function ratio(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 10_000) / 10_000;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  return round1(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]);
}

/**
 * Occupancy per agent over [from, to): ∫ load dt ÷ ∫ capacity dt, over the
 * time the agent was ready or held work (docs/metrics.md).
 */
interface AgentClock {
  ready: boolean;
  capacity: number;
  load: number;
  since: number;
  loadTime: number;
  capacityTime: number;
}

export class Occupancy {
  private agents = new Map<string, AgentClock>();

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  update(agentId: string, at: number, ready: boolean, capacity: number, load: number): void {
    let a = this.agents.get(agentId);
    if (!a) this.agents.set(agentId, (a = { ready, capacity, load, since: at, loadTime: 0, capacityTime: 0 }));
    this.accrue(a, at);
    a.ready = ready;
    a.capacity = capacity;
    a.load = load;
  }

  result(end: number): Map<string, number | null> {
    const out = new Map<string, number | null>();
    for (const [id, a] of this.agents) {
      this.accrue(a, end);
      out.set(id, a.capacityTime === 0 ? null : Math.round((a.loadTime / a.capacityTime) * 10_000) / 10_000);
    }
    return out;
  }

  private accrue(a: AgentClock, at: number) {
    const start = Math.max(a.since, this.from);
    const end = Math.min(at, this.to);
    if (end > start && (a.ready || a.load > 0)) {
      a.loadTime += a.load * (end - start);
      a.capacityTime += Math.max(a.capacity, a.load) * (end - start);
    }
    a.since = Math.max(a.since, at);
  }
}
