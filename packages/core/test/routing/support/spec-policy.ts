import type { RelaxationPolicy, RoutingDecision } from '../../../src/index.ts';

/**
 * The model's reading of R10 (skill relaxation), kept apart from the R1–R9
 * model: which conversation may relax, when it must have, and the deadline
 * the engine should report.
 */

export interface ModelRelaxation {
  relaxTo: string[];
  whenNoneOnline: boolean;
}

export interface RelaxingConversation {
  id: string;
  status: 'waiting' | 'dispatching' | 'processing';
  offer: unknown;
  skills: string[];
  relaxation: ModelRelaxation | null;
  relaxAt: number | null;
}

export interface AgentHolding {
  presence: string;
  levels: Map<string, number>;
}

export function modelRelaxation(policy: RelaxationPolicy | null | undefined, now: number): Pick<RelaxingConversation, 'relaxation' | 'relaxAt'> {
  if (!policy) return { relaxation: null, relaxAt: null };
  const after = policy.relaxAfterSeconds ?? null;
  return {
    relaxation: { relaxTo: norm(policy.relaxTo), whenNoneOnline: policy.relaxWhenNoneOnline ?? false },
    relaxAt: after === null ? null : now + after * 1000,
  };
}

/** Still waiting for a person: waiting, or dispatching without an offer. */
export function mayRelax(c: RelaxingConversation): boolean {
  return c.relaxation !== null && (c.status === 'waiting' || (c.status === 'dispatching' && c.offer === null));
}

/** R10's "no agent who holds the required skills is ready or away". */
export function noneOnline(agents: Iterable<AgentHolding>, skills: string[]): boolean {
  for (const a of agents) {
    if (a.presence !== 'offline' && skills.every((s) => (a.levels.get(s) ?? 0) > 0)) return false;
  }
  return true;
}

export function relaxationDue(c: RelaxingConversation, agents: Iterable<AgentHolding>, now: number): 'waited' | 'none_online' | null {
  if (!mayRelax(c)) return null;
  if (c.relaxAt !== null && c.relaxAt <= now) return 'waited';
  if (c.relaxation?.whenNoneOnline && noneOnline(agents, c.skills)) return 'none_online';
  return null;
}

/** Follows a `relaxed` decision, refusing one the SPEC does not allow. */
export function applyRelaxed(c: RelaxingConversation, d: Extract<RoutingDecision, { type: 'relaxed' }>, agents: Iterable<AgentHolding>, now: number): void {
  const due = relaxationDue(c, agents, now);
  check(due !== null, `relaxed ${c.id} (${c.status}) whose condition does not hold`);
  // Both conditions may hold; the deadline is looked at first.
  check(d.reason === due, `relaxed ${c.id} by ${d.reason}, expected ${due}`);
  check(d.previousSkills.join() === c.skills.join(), `relaxed ${c.id} from [${d.previousSkills}], it requires [${c.skills}]`);
  check(d.skills.join() === c.relaxation?.relaxTo.join(), `relaxed ${c.id} to [${d.skills}], policy says [${c.relaxation?.relaxTo}]`);
  c.skills = d.skills.slice();
  c.relaxation = null;
  c.relaxAt = null;
}

export function norm(skills: readonly string[]): string[] {
  return [...new Set(skills.map((s) => s.trim().toLowerCase()).filter(Boolean))].sort();
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}
