import type { RoutedConversation, RoutingDecision, RoutingEvent, RoutingSnapshot } from '../../packages/core/src/index.ts';

/**
 * The naive engine bench/routing.ts compares against: auto mode, no sticky
 * routing; handoff, close and presence. Every step rebuilds its view of the
 * queue by scanning every conversation and agent.
 */

interface NaiveConversation {
  id: string;
  group: string;
  skills: string[];
  queueKey: number;
  status: RoutedConversation['status'];
  agentId: string | null;
}

interface NaiveAgent {
  id: string;
  ready: boolean;
  capacity: number;
  skills: Readonly<Record<string, number>>;
  lastAssignedAt: number;
  load: number;
}

interface GroupView {
  skills: string[];
  waitingMin?: NaiveConversation;
  freeMin?: NaiveConversation;
  freeMax?: NaiveConversation;
  readyAgents: number;
  best?: NaiveAgent;
}

const before = (a: NaiveConversation, b: NaiveConversation) => a.queueKey < b.queueKey || (a.queueKey === b.queueKey && a.id < b.id);

export class NaiveRouting {
  private conversations = new Map<string, NaiveConversation>();
  private agents = new Map<string, NaiveAgent>();
  private out: RoutingDecision[] = [];
  private now = 0;
  private readonly k: number;

  constructor(snapshot: RoutingSnapshot) {
    this.k = snapshot.settings.dispatchPerAgent;
    for (const a of snapshot.agents) this.agents.set(a.id, { ...a, ready: a.presence === 'ready', load: 0 });
    for (const c of snapshot.conversations) {
      this.conversations.set(c.id, { id: c.id, group: c.skills.join(','), skills: [...c.skills], queueKey: c.queueKey, status: c.status, agentId: c.agentId });
      if (c.agentId) (this.agents.get(c.agentId) as NaiveAgent).load++;
    }
  }

  apply(event: RoutingEvent, now: number): RoutingDecision[] {
    this.now = now;
    this.out = [];
    if (event.type === 'handoff') {
      const { id, skills, queueKey } = event.conversation;
      this.conversations.set(id, { id, group: skills.join(','), skills: [...skills], queueKey, status: 'waiting', agentId: null });
    } else if (event.type === 'conversation_closed') {
      const c = this.conversations.get(event.conversationId);
      if (c?.agentId) (this.agents.get(c.agentId) as NaiveAgent).load--;
      this.conversations.delete(event.conversationId);
    } else if (event.type === 'presence_changed') {
      const a = this.agents.get(event.agentId) as NaiveAgent;
      if (!a.ready && event.presence === 'ready') a.lastAssignedAt = now;
      a.ready = event.presence === 'ready';
    } else throw new Error(`the naive engine does not handle ${event.type}`);
    while (this.step());
    return this.out;
  }

  /** One R6 / R4 / R3 / R5 step, exactly as the indexed engine orders them. */
  private step(): boolean {
    const { groups, dispatching, limit, available, freeMax } = this.view();
    if (dispatching > limit) return this.move(freeMax as NaiveConversation, 'waiting', 'requeued', 'limit_shrunk');
    const first = (pick: (g: GroupView) => NaiveConversation | undefined) =>
      [...groups.values()].map((g) => [pick(g), g] as const).filter(([c]) => c).sort(([a], [b]) => (before(a!, b!) ? -1 : 1))[0];
    const match = first((g) => (g.best && g.freeMin ? (g.waitingMin && before(g.waitingMin, g.freeMin) ? g.waitingMin : g.freeMin) : undefined));
    if (match) {
      const [c, g] = match as [NaiveConversation, GroupView];
      if (c.status === 'waiting') {
        if (dispatching >= limit) this.move(g.freeMax!, 'waiting', 'requeued', 'swapped_out');
        this.move(c, 'dispatching', 'dispatched', 'fill');
      }
      return this.assign(c, g.best!, 'match');
    }
    const fill = dispatching < limit && available ? first((g) => (g.readyAgents > 0 ? g.waitingMin : undefined)) : undefined;
    if (fill) return this.move(fill[0]!, 'dispatching', 'dispatched', 'fill');
    const dynamic = first((g) => (g.best ? g.waitingMin : undefined));
    if (!dynamic || (dispatching >= limit && !freeMax)) return false;
    if (dispatching >= limit) this.move(freeMax!, 'waiting', 'requeued', 'swapped_out');
    this.move(dynamic[0]!, 'dispatching', 'dispatched', 'dynamic_assignment');
    return this.assign(dynamic[0]!, dynamic[1].best!, 'dynamic_assignment');
  }

  private view() {
    const groups = new Map<string, GroupView>();
    let dispatching = 0;
    let freeMax: NaiveConversation | undefined;
    for (const c of this.conversations.values()) {
      const g = groups.get(c.group) ?? { skills: c.skills, readyAgents: 0 };
      groups.set(c.group, g);
      if (c.status === 'waiting' && (!g.waitingMin || before(c, g.waitingMin))) g.waitingMin = c;
      if (c.status !== 'dispatching') continue;
      dispatching++;
      if (!g.freeMin || before(c, g.freeMin)) g.freeMin = c;
      if (!g.freeMax || before(g.freeMax, c)) g.freeMax = c;
      if (!freeMax || before(freeMax, c)) freeMax = c;
    }
    let ready = 0;
    let available = false;
    for (const a of this.agents.values()) {
      if (!a.ready) continue;
      ready++;
      available ||= a.load < a.capacity;
      for (const g of groups.values()) this.consider(g, a);
    }
    return { groups, dispatching, limit: this.k * ready, available, freeMax };
  }

  private consider(g: GroupView, a: NaiveAgent): void {
    if (!g.skills.every((s) => (a.skills[s] ?? 0) > 0)) return;
    g.readyAgents++;
    if (a.load >= a.capacity) return;
    const sum = (x: NaiveAgent) => g.skills.reduce((t, s) => t + (x.skills[s] ?? 0), 0);
    const b = g.best;
    const better =
      !b ||
      sum(a) - sum(b) || b.load * a.capacity - a.load * b.capacity || b.lastAssignedAt - a.lastAssignedAt || (a.id < b.id ? 1 : -1);
    if (better === true || (typeof better === 'number' && better > 0)) g.best = a;
  }

  private move(c: NaiveConversation, to: NaiveConversation['status'], type: 'dispatched' | 'requeued', reason: string): boolean {
    c.status = to;
    this.out.push({ type, conversationId: c.id, reason } as RoutingDecision);
    return true;
  }

  private assign(c: NaiveConversation, a: NaiveAgent, reason: 'match' | 'dynamic_assignment'): boolean {
    c.status = 'processing';
    c.agentId = a.id;
    a.load++;
    a.lastAssignedAt = this.now;
    this.out.push({ type: 'assigned', conversationId: c.id, agentId: a.id, reason });
    return true;
  }
}
