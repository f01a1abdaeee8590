import type { ConversationFacts } from './conversation-facts.ts';
import { addCounters, agentFiguresOf, factContributions, factCounters, figuresOf, reportFact, zeroCounters, type Counters } from './rollups.ts';

/** The definitions' knobs (docs/metrics.md). */
export interface ReportOptions {
  serviceLevelSeconds: number;
  /** Abandons that waited less than this are left out of offered, abandoned and service level (0 = none are). */
  shortAbandonSeconds: number;
}

export interface SummaryFigures {
  offered: number;
  handled: number;
  abandoned: number;
  shortAbandoned: number;
  abandonRate: number | null;
  serviceLevel: { thresholdSeconds: number; ratio: number | null };
  averageSpeedOfAnswerSeconds: number | null;
  averageFirstResponseSeconds: number | null;
  averageHandleSeconds: number | null;
  transfers: number;
  csat: { responses: number; average: number | null };
}

export interface AgentFigures {
  agentId: string;
  handled: number;
  averageHandleSeconds: number | null;
  averageFirstResponseSeconds: number | null;
  transfersIn: number;
  transfersOut: number;
  averageWrapUpSeconds: number | null;
}

const NO_CONTEXT = { channelId: '', skills: [], tagIds: [], csat: null };

/**
 * The summary over conversations that asked for a person in the period (the
 * caller picks them by hand-off time): the same counters the rollups sum
 * (rollups.ts), so a recount and the rollups cannot define a figure twice.
 */
export function summaryFigures(facts: ConversationFacts[], o: ReportOptions): SummaryFigures {
  const total = zeroCounters();
  for (const f of facts) {
    const fact = reportFact(f, NO_CONTEXT, { ...o, timeZone: 'UTC' });
    if (fact) addCounters(total, factCounters(fact));
  }
  return figuresOf(total, o.serviceLevelSeconds);
}

/** Per agent, over the segments of those conversations: who held them, how long, how fast they first replied. */
export function agentFigures(facts: ConversationFacts[]): AgentFigures[] {
  const by = new Map<string, Counters>();
  for (const f of facts) {
    const fact = reportFact(f, NO_CONTEXT, { serviceLevelSeconds: 0, shortAbandonSeconds: 0, timeZone: 'UTC' });
    for (const c of fact ? factContributions(fact) : []) {
      if (c.key.dim === 'agent') addCounters(by.get(c.key.dimId) ?? by.set(c.key.dimId, zeroCounters()).get(c.key.dimId)!, c.counters);
    }
  }
  return [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([agentId, c]) => ({ agentId, ...agentFiguresOf(c) }));
}
