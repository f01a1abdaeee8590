import { pathToFileURL } from 'node:url';
import { NaiveRouting } from './lib/naive-routing.ts';
import {
  DEFAULT_ROUTING_SETTINGS,
  RoutingEngine,
  type AgentState,
  type RelaxationPolicy,
  type RoutedConversation,
  type RoutingDecision,
  type RoutingEvent,
  type RoutingSnapshot,
} from '../packages/core/src/index.ts';

/**
 * Routing engine throughput and per-event latency at growing sizes, beside a
 * naive engine that rescans every conversation and agent at each step. Both
 * get the same events and must return the same decisions, so the comparison
 * is like for like. Run: `npx tsx bench/routing.ts`.
 */

const GROUPS = 50;
const SIZES = [
  { waiting: 10, agents: 10, events: 20_000, naiveEvents: 20_000 },
  { waiting: 1_000, agents: 1_000, events: 20_000, naiveEvents: 2_000 },
  { waiting: 100_000, agents: 10_000, events: 20_000, naiveEvents: 150 },
];

/** Group g needs base skill b(g % 10), plus extra skill x(g / 10) from the second ten on. */
function groupSkills(g: number): string[] {
  const extra = Math.floor(g / 10);
  return extra === 0 ? [`b${g % 10}`] : [`b${g % 10}`, `x${extra}`];
}

/** xorshift: the same workload on every run and for both engines. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

/** Busy agents, a full dispatch limit and a long queue: the steady state of a loaded contact centre. */
export function buildSnapshot(waiting: number, agents: number, policies = false): RoutingSnapshot {
  const rnd = random(7);
  const agentStates: AgentState[] = [];
  const conversations: RoutedConversation[] = [];
  let serial = 0;
  const conv = (status: RoutedConversation['status'], agentId: string | null): RoutedConversation => {
    const id = `c${serial++}`;
    const skills = groupSkills(Math.floor(rnd() * GROUPS));
    return { id, status, skills, queueKey: serial, agentId, offer: null, declinedBy: [], lastAgentId: null };
  };
  for (let i = 0; i < agents; i++) {
    const skills: Record<string, number> = {};
    for (let b = 0; b < 10; b++) if (b === i % 10 || rnd() < 0.4) skills[`b${b}`] = 1 + Math.floor(rnd() * 5);
    for (let x = 1; x < 5; x++) if (rnd() < 0.5) skills[`x${x}`] = 1 + Math.floor(rnd() * 5);
    const agent = { id: `a${i}`, presence: 'ready' as const, capacity: 2 + Math.floor(rnd() * 5), skills, lastAssignedAt: 0 };
    agentStates.push(agent);
    for (let n = 0; n < agent.capacity; n++) conversations.push({ ...conv('processing', agent.id), skills: [`b${i % 10}`] });
  }
  const settings = { ...DEFAULT_ROUTING_SETTINGS, stickyAgent: false };
  for (let i = 0; i < settings.dispatchPerAgent * agents; i++) conversations.push(conv('dispatching', null));
  for (let i = 0; i < waiting; i++) conversations.push(conv('waiting', null));
  if (policies) {
    // Deadlines spread over the run (events are 1 ms apart), so relaxations keep firing.
    for (const c of conversations) if (c.status === 'waiting') Object.assign(c, { relaxation: relaxationOf(c.skills), relaxAt: 2e9 + (c.queueKey % 20_000) });
  }
  return { settings, agents: agentStates, conversations };
}

/** R10 as a channel would set it: drop the extra skill after 5 s, or at once when nobody holding it is online. */
function relaxationOf(skills: readonly string[]): RelaxationPolicy {
  return { relaxTo: skills.slice(0, 1), relaxAfterSeconds: 5, relaxWhenNoneOnline: true };
}

/** Ids with O(1) add, delete and random pick, for choosing what to close. */
class RandomBag {
  private items: string[] = [];
  private at = new Map<string, number>();
  get size(): number {
    return this.items.length;
  }
  add(id: string): void {
    if (this.at.has(id)) return;
    this.at.set(id, this.items.length);
    this.items.push(id);
  }
  delete(id: string): void {
    const i = this.at.get(id);
    if (i === undefined) return;
    const last = this.items.pop() as string;
    if (last !== id) {
      this.items[i] = last;
      this.at.set(last, i);
    }
    this.at.delete(id);
  }
  pick(rnd: () => number): string {
    return this.items[Math.floor(rnd() * this.items.length)];
  }
}

/**
 * 45 % an agent closes one of its conversations, 5 % a queued customer
 * abandons, 40 % handoffs at the back of the queue, 10 % presence flips. It
 * follows the engine's decisions to know which conversations are processing.
 * With `policies`, handoffs carry a relaxation policy and 3 % of the events
 * (taken from the presence flips) are first-reply timeouts.
 */
export class Workload {
  private rnd = random(11);
  private processing = new RandomBag();
  private queued = new RandomBag();
  private away = new Set<string>();
  private agentIds: string[];
  private serial = 0;
  private assignee = new Map<string, string>();

  constructor(snapshot: RoutingSnapshot, private readonly policies = false) {
    this.agentIds = snapshot.agents.map((a) => a.id);
    for (const c of snapshot.conversations) (c.status === 'processing' ? this.processing : this.queued).add(c.id);
  }

  next(): RoutingEvent {
    const r = this.rnd();
    const bag = r < 0.45 ? this.processing : r < 0.5 ? this.queued : null;
    if (bag && bag.size > 0) {
      const id = bag.pick(this.rnd);
      bag.delete(id);
      this.assignee.delete(id);
      return { type: 'conversation_closed', conversationId: id };
    }
    if (r < 0.9) {
      const id = `n${this.serial++}`;
      this.queued.add(id);
      const skills = groupSkills(Math.floor(this.rnd() * GROUPS));
      const relaxation = this.policies ? relaxationOf(skills) : undefined;
      return { type: 'handoff', conversation: { id, skills, queueKey: 1e9 + this.serial, relaxation } };
    }
    if (this.policies && r >= 0.97 && this.processing.size > 0) {
      const id = this.processing.pick(this.rnd);
      const agentId = this.assignee.get(id);
      if (agentId) return { type: 'first_reply_timeout', conversationId: id, agentId };
    }
    const agentId = this.agentIds[Math.floor(this.rnd() * this.agentIds.length)];
    const wasAway = this.away.delete(agentId);
    if (!wasAway) this.away.add(agentId);
    return { type: 'presence_changed', agentId, presence: wasAway ? 'ready' : 'away' };
  }

  observe(decisions: RoutingDecision[]): void {
    for (const d of decisions) {
      if (d.type === 'assigned') {
        this.queued.delete(d.conversationId);
        this.processing.add(d.conversationId);
        this.assignee.set(d.conversationId, d.agentId);
      } else if (d.type === 'requeued') {
        this.processing.delete(d.conversationId);
        this.assignee.delete(d.conversationId);
        this.queued.add(d.conversationId);
      }
    }
  }
}

interface Engine {
  apply(event: RoutingEvent, now: number): RoutingDecision[];
}

interface Measured {
  events: number;
  decisions: number;
  seconds: number;
  p50: number;
  p99: number;
  log: RoutingDecision[][];
}

interface Timed {
  event: RoutingEvent;
  now: number;
}

function measure(engine: Engine, next: (previous: RoutingDecision[]) => Timed | null): Measured {
  const latencies: number[] = [];
  const log: RoutingDecision[][] = [];
  let decisions = 0;
  let out: RoutingDecision[] = [];
  for (let step = next(out); step; step = next(out)) {
    const start = process.hrtime.bigint();
    out = engine.apply(step.event, step.now);
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
    decisions += out.length;
    log.push(out);
  }
  const seconds = latencies.reduce((a, b) => a + b, 0) / 1e6;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { events: latencies.length, decisions, seconds, p50: at(0.5), p99: at(0.99), log };
}

/**
 * Drives the indexed engine, recording the events so the naive one can replay
 * them. `warmup` events first, unmeasured: the snapshot starts with the
 * dispatch limit full and every agent ready, and the mix needs a while to
 * drive agents away and drain the dispatching pool to its own balance. The
 * engine's snapshot after the warm-up is where the naive engine starts.
 */
function runIndexed(snapshot: RoutingSnapshot, warmup: number, count: number, recorded: Timed[], policies = false): { measured: Measured; start: RoutingSnapshot } {
  const workload = new Workload(snapshot, policies);
  const engine = new RoutingEngine(snapshot);
  let now = 2e9;
  let out: RoutingDecision[] = [];
  for (let i = 0; i < warmup; i++) {
    workload.observe(out);
    out = engine.apply(workload.next(), (now += 1));
  }
  workload.observe(out);
  const start = engine.snapshot();
  const measured = measure(engine, (previous) => {
    workload.observe(previous);
    if (recorded.length >= count) return null;
    recorded.push({ event: workload.next(), now: (now += 1) });
    return recorded[recorded.length - 1];
  });
  return { measured, start };
}

/**
 * Shift start: every agent turns ready against the full queue, so each event
 * fills and matches many conversations — throughput per decision in bursts.
 */
function shiftStart(size: { waiting: number; agents: number }): string {
  const base = buildSnapshot(size.waiting, size.agents);
  const snapshot: RoutingSnapshot = {
    ...base,
    agents: base.agents.map((a) => ({ ...a, presence: 'away' as const })),
    conversations: base.conversations.filter((c) => c.status === 'waiting'),
  };
  const ids = snapshot.agents.map((a) => a.id);
  const m = measure(new RoutingEngine(snapshot), () => {
    const agentId = ids.shift();
    return agentId ? { event: { type: 'presence_changed', agentId, presence: 'ready' }, now: 2e9 } : null;
  });
  const label = `${size.waiting.toLocaleString('en')} / ${size.agents.toLocaleString('en')}`;
  return row(label, 'indexed, shift start', m);
}

export function main(): void {
  const rows = ['| waiting / agents | engine | events | decisions | decisions/s | events/s | p50 µs/event | p99 µs/event |', '|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const size of SIZES) {
    const snapshot = buildSnapshot(size.waiting, size.agents);
    const started = process.hrtime.bigint();
    new RoutingEngine(snapshot);
    const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
    const label = `${size.waiting.toLocaleString('en')} / ${size.agents.toLocaleString('en')}`;
    // From the snapshot as built: the transient while the mix finds its balance.
    rows.push(row(label, `indexed, first events (built in ${buildMs.toFixed(0)} ms)`, runIndexed(snapshot, 0, size.events, []).measured));
    const recorded: Timed[] = [];
    const warmup = 2 * (size.waiting + size.agents);
    const { measured, start } = runIndexed(snapshot, warmup, size.events, recorded);
    const replay = recorded.slice(0, size.naiveEvents);
    const naive = measure(new NaiveRouting(start), () => replay.shift() ?? null);
    const agree = JSON.stringify(naive.log) === JSON.stringify(measured.log.slice(0, naive.log.length));
    if (!agree) throw new Error(`engines disagree at ${size.waiting} waiting / ${size.agents} agents`);
    rows.push(row(label, `indexed, after ${warmup.toLocaleString('en')} events`, measured), row(label, 'naive scan, same events', naive));
    const withPolicies = runIndexed(buildSnapshot(size.waiting, size.agents, true), warmup, size.events, [], true).measured;
    rows.push(row(label, `indexed, relaxation + first-reply timeouts, after ${warmup.toLocaleString('en')} events`, withPolicies));
  }
  for (const size of SIZES) rows.push(shiftStart(size));
  console.log(rows.join('\n'));
  console.log(`\n${GROUPS} requirement groups, auto mode; the naive engine's decisions matched the indexed engine's event for event (the naive engine knows no queue policies, so the policy rows have no naive twin).`);
}

function row(label: string, name: string, m: Measured): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en');
  return `| ${label} | ${name} | ${fmt(m.events)} | ${fmt(m.decisions)} | ${fmt(m.decisions / m.seconds)} | ${fmt(m.events / m.seconds)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} |`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
