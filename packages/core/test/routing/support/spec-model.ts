import type { AgentState, RoutingDecision, RoutingEvent, RoutingSettings, RoutingSnapshot } from '../../../src/index.ts';
import { applyRelaxed, modelRelaxation, norm, type ModelRelaxation } from './spec-policy.ts';

/**
 * An independent reading of SPEC §3, written without looking at the engine's
 * indexes: plain maps, scanned. It follows the engine's decisions one by one,
 * refusing any step the SPEC forbids (I1, I2, I4, R4's choice), and checks
 * I3, I5 and R3 once the event has settled.
 */

interface ModelAgent {
  presence: AgentState['presence'];
  capacity: number;
  levels: Map<string, number>;
  lastAssignedAt: number;
}

interface ModelConversation {
  id: string;
  status: 'waiting' | 'dispatching' | 'processing';
  skills: string[];
  key: number;
  agentId: string | null;
  offer: { agentId: string; expiresAt: number } | null;
  declinedBy: string[];
  lastAgentId: string | null;
  relaxation: ModelRelaxation | null;
  relaxAt: number | null;
}

export class SpecModel {
  settings: RoutingSettings;
  readonly agents = new Map<string, ModelAgent>();
  readonly conversations = new Map<string, ModelConversation>();
  now = 0;
  private event: RoutingEvent | null = null;

  constructor(snapshot: RoutingSnapshot) {
    this.settings = { ...snapshot.settings };
    for (const a of snapshot.agents) this.agents.set(a.id, modelAgent(a));
    for (const c of snapshot.conversations) {
      const relaxation = c.relaxation ? modelRelaxation(c.relaxation, 0).relaxation : null;
      const stored = { relaxation, relaxAt: relaxation ? (c.relaxAt ?? null) : null };
      this.conversations.set(c.id, { ...c, skills: norm(c.skills), key: c.queueKey, offer: c.offer && { ...c.offer }, declinedBy: [...c.declinedBy], ...stored });
    }
  }

  load(agentId: string): number {
    let n = 0;
    for (const c of this.conversations.values()) if (c.agentId === agentId || c.offer?.agentId === agentId) n++;
    return n;
  }

  readyCount(): number {
    return [...this.agents.values()].filter((a) => a.presence === 'ready').length;
  }

  limit(): number {
    return this.settings.dispatchPerAgent * this.readyCount();
  }

  dispatching(): ModelConversation[] {
    return [...this.conversations.values()].filter((c) => c.status === 'dispatching');
  }

  qualifies(agentId: string, c: { skills: string[] }): boolean {
    const a = this.agents.get(agentId);
    return !!a && a.presence === 'ready' && c.skills.every((s) => (a.levels.get(s) ?? 0) > 0);
  }

  spare(agentId: string): boolean {
    const a = this.agents.get(agentId);
    return !!a && this.load(agentId) < a.capacity;
  }

  /** The effects of an event that the engine does not report as decisions. */
  beforeEvent(event: RoutingEvent, now: number): void {
    this.now = now;
    this.event = event;
    switch (event.type) {
      case 'handoff':
        if (!this.conversations.has(event.conversation.id)) {
          const { id, skills, queueKey, lastAgentId, relaxation } = event.conversation;
          const fresh = { id, status: 'waiting' as const, skills: norm(skills), key: queueKey, agentId: null, offer: null, declinedBy: [], lastAgentId: lastAgentId ?? null };
          this.conversations.set(id, { ...fresh, ...modelRelaxation(relaxation, now) });
        }
        return;
      case 'agent_upserted':
        this.agents.set(event.agent.id, modelAgent(event.agent));
        return;
      case 'presence_changed': {
        const a = this.agents.get(event.agentId);
        if (a && a.presence !== event.presence) {
          a.presence = event.presence;
          if (event.presence === 'ready') a.lastAssignedAt = now;
        }
        return;
      }
      case 'agent_removed':
        this.agents.delete(event.agentId);
        return;
      case 'conversation_closed':
        this.conversations.delete(event.conversationId);
        return;
      case 'transferred_to_skills': {
        const c = this.conversations.get(event.conversationId);
        if (c) Object.assign(c, { skills: norm(event.skills), relaxation: null, relaxAt: null });
        return;
      }
      case 'agent_started':
        if (!this.conversations.has(event.conversation.id) && this.agents.has(event.agentId)) {
          const { id, skills, queueKey } = event.conversation;
          this.conversations.set(id, { id, status: 'waiting', skills: norm(skills), key: queueKey, agentId: null, offer: null, declinedBy: [], lastAgentId: null, relaxation: null, relaxAt: null });
        }
        return;
      case 'settings_changed':
        this.settings = { ...event.settings };
        return;
      case 'offer_accepted':
      case 'offer_rejected':
      case 'tick':
      case 'transferred_to_agent':
      case 'first_reply_timeout':
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  }

  step(d: RoutingDecision): void {
    switch (d.type) {
      case 'dispatched':
        return this.move(d.conversationId, ['waiting'], 'dispatching');
      case 'requeued': {
        const c = this.must(d.conversationId);
        expect(c.offer === null, `requeued ${c.id} while its offer is pending`);
        if (d.reason === 'first_reply_timeout') this.firstReplyTimeout(c);
        this.move(c.id, ['dispatching', 'processing'], 'waiting');
        c.agentId = null;
        return;
      }
      case 'offered':
        return this.offered(d);
      case 'offer_withdrawn':
        return this.withdrawn(d);
      case 'assigned':
        return this.assigned(d);
      case 'relaxed':
        return applyRelaxed(this.must(d.conversationId), d, this.agents.values(), this.now);
      case 'agent_away': {
        const a = this.agents.get(d.agentId);
        expect(a?.presence === 'ready', `agent_away for ${d.agentId} who is not ready`);
        (a as ModelAgent).presence = 'away';
        return;
      }
      default: {
        const never: never = d;
        throw new Error(`unknown decision ${JSON.stringify(never)}`);
      }
    }
  }

  /** R13: only the silent assignee's own timeout, which then counts as a decline (R4's preference). */
  private firstReplyTimeout(c: ModelConversation): void {
    const e = this.event;
    const fired = e?.type === 'first_reply_timeout' && e.conversationId === c.id;
    expect(fired && c.status === 'processing' && c.agentId === e.agentId, `${c.id} requeued for a first reply it was not owed`);
    if (!c.declinedBy.includes(c.agentId as string)) c.declinedBy.push(c.agentId as string);
  }

  private must(id: string): ModelConversation {
    const c = this.conversations.get(id);
    expect(!!c, `decision about unknown conversation ${id}`);
    return c as ModelConversation;
  }

  private move(id: string, from: ModelConversation['status'][], to: ModelConversation['status']): void {
    const c = this.must(id);
    expect(from.includes(c.status), `${id}: ${c.status} → ${to} is not a routing step`);
    c.status = to;
  }

  private offered(d: Extract<RoutingDecision, { type: 'offered' }>): void {
    const c = this.must(d.conversationId);
    expect(this.settings.mode === 'offer', `offered ${c.id} in auto mode`);
    expect(c.status === 'dispatching' && c.offer === null, `offered ${c.id} which is ${c.status}${c.offer ? ' with an offer' : ''}`);
    expect(d.expiresAt === this.now + this.settings.offerTimeoutMs, `offer of ${c.id} expires at ${d.expiresAt}`);
    this.checkMatch(c, d.agentId, d.reason);
    c.offer = { agentId: d.agentId, expiresAt: d.expiresAt };
  }

  private withdrawn(d: Extract<RoutingDecision, { type: 'offer_withdrawn' }>): void {
    const c = this.conversations.get(d.conversationId);
    if (!c) {
      expect(d.reason === 'conversation_closed', `withdrew the offer of unknown ${d.conversationId}`);
      return;
    }
    expect(c.offer?.agentId === d.agentId, `withdrew ${c.id}'s offer from ${d.agentId}, offer is ${JSON.stringify(c.offer)}`);
    if (d.reason === 'offer_timeout') expect((c.offer as { expiresAt: number }).expiresAt <= this.now, `${c.id} timed out early`);
    if ((d.reason === 'rejected' || d.reason === 'offer_timeout') && !c.declinedBy.includes(d.agentId)) c.declinedBy.push(d.agentId);
    c.offer = null;
  }

  private assigned(d: Extract<RoutingDecision, { type: 'assigned' }>): void {
    const c = this.must(d.conversationId);
    const agent = this.agents.get(d.agentId);
    expect(!!agent, `assigned ${c.id} to unknown agent ${d.agentId}`);
    switch (d.reason) {
      case 'offer_accepted':
        expect(c.offer?.agentId === d.agentId, `${d.agentId} accepted ${c.id} without an offer`);
        break;
      case 'transfer':
      case 'agent_started':
        expect(c.offer === null, `${c.id} assigned by ${d.reason} with a pending offer`);
        break;
      case 'match':
      case 'sticky':
      case 'dynamic_assignment':
        expect(this.settings.mode === 'auto', `assigned ${c.id} by ${d.reason} in offer mode`);
        expect(c.status === 'dispatching' && c.offer === null, `assigned ${c.id} from ${c.status}`);
        this.checkMatch(c, d.agentId, d.reason);
        break;
      default: {
        const never: never = d.reason;
        throw new Error(`unknown reason ${String(never)}`);
      }
    }
    c.status = 'processing';
    c.agentId = d.agentId;
    c.offer = null;
    c.lastAgentId = d.agentId;
    (agent as ModelAgent).lastAssignedAt = this.now;
  }

  /** I2, I4 and R4's choice, at the moment of matching. */
  private checkMatch(c: ModelConversation, agentId: string, reason: string): void {
    expect(this.qualifies(agentId, c), `${c.id} matched to ${agentId} who does not qualify`);
    expect(this.spare(agentId), `I2: ${c.id} matched to ${agentId} at capacity`);
    for (const other of this.conversations.values()) {
      if (other === c || other.skills.join() !== c.skills.join() || before(c, other)) continue;
      const blocking = other.status === 'waiting' || (other.status === 'dispatching' && other.offer === null);
      expect(!blocking, `I4: ${c.id} matched while earlier ${other.id} is ${other.status}`);
    }
    const candidates = [...this.agents.keys()].filter((id) => this.qualifies(id, c) && this.spare(id));
    const sticky = this.settings.stickyAgent && c.lastAgentId !== null && candidates.includes(c.lastAgentId) && !c.declinedBy.includes(c.lastAgentId);
    // Dynamic assignment keeps its own reason even when the sticky agent is the one chosen.
    if (reason !== 'dynamic_assignment') expect((reason === 'sticky') === sticky, `${c.id}: reason ${reason}, sticky agent ${c.lastAgentId} free: ${sticky}`);
    const fresh = candidates.filter((id) => !c.declinedBy.includes(id));
    const pool = fresh.length > 0 ? fresh : candidates;
    const best = sticky ? c.lastAgentId : pool.sort((x, y) => this.rank(c, x, y))[0];
    expect(best === agentId, `${c.id}: R4 prefers ${best} over ${agentId} (${reason})`);
  }

  private rank(c: ModelConversation, x: string, y: string): number {
    const a = this.agents.get(x) as ModelAgent;
    const b = this.agents.get(y) as ModelAgent;
    const sum = (m: ModelAgent) => c.skills.reduce((s, k) => s + (m.levels.get(k) ?? 0), 0);
    return sum(b) - sum(a) || this.load(x) / a.capacity - this.load(y) / b.capacity || a.lastAssignedAt - b.lastAssignedAt || (x < y ? -1 : 1);
  }
}

export function before(a: { key: number; id: string }, b: { key: number; id: string }): boolean {
  return a.key < b.key || (a.key === b.key && a.id < b.id);
}

export function expect(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

function modelAgent(a: AgentState): ModelAgent {
  const levels = new Map<string, number>();
  for (const [k, v] of Object.entries(a.skills)) levels.set(k.toLowerCase(), Math.max(levels.get(k.toLowerCase()) ?? 0, v));
  return { presence: a.presence, capacity: a.capacity, levels, lastAssignedAt: a.lastAssignedAt };
}
