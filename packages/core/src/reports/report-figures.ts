import type { AgentSegment, ConversationFacts } from './conversation-facts.ts';

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
}

const seconds = (ms: number) => ms / 1000;
/** Averages are shown to a tenth of a second; null when nothing was counted (0 would be a claim). */
const average = (values: number[]) => (values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10);
const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

const isShortAbandon = (f: ConversationFacts, o: ReportOptions) =>
  f.abandoned && f.handoffAt !== null && f.completedAt !== null && f.completedAt - f.handoffAt < o.shortAbandonSeconds * 1000;

/** The summary over conversations that asked for a person in the period (the caller picks them by hand-off time). */
export function summaryFigures(facts: ConversationFacts[], o: ReportOptions): SummaryFigures {
  const queued = facts.filter((f) => f.handoffAt !== null);
  const shortAbandoned = queued.filter((f) => isShortAbandon(f, o)).length;
  const handled = queued.filter((f) => f.answeredAt !== null);
  const abandoned = queued.filter((f) => f.abandoned && !isShortAbandon(f, o)).length;
  const offered = handled.length + abandoned;
  const waits = handled.map((f) => seconds(f.answeredAt! - f.handoffAt!));
  const withinTarget = waits.filter((w) => w <= o.serviceLevelSeconds).length;
  const firstReplies = handled.flatMap((f) => {
    const first = f.segments[0];
    return first?.firstReplyAt != null ? [seconds(first.firstReplyAt - first.start)] : [];
  });
  const handles = handled.flatMap((f) => (f.completedAt === null ? [] : [seconds(f.completedAt - f.answeredAt!)]));
  return {
    offered,
    handled: handled.length,
    abandoned,
    shortAbandoned,
    abandonRate: ratio(abandoned, offered),
    serviceLevel: { thresholdSeconds: o.serviceLevelSeconds, ratio: ratio(withinTarget, offered) },
    averageSpeedOfAnswerSeconds: average(waits),
    averageFirstResponseSeconds: average(firstReplies),
    averageHandleSeconds: average(handles),
    transfers: queued.reduce((sum, f) => sum + f.transfers, 0),
    csat: { responses: 0, average: null },
  };
}

/** Per agent, over the segments of those conversations: who held them, how long, how fast they first replied. */
export function agentFigures(facts: ConversationFacts[]): AgentFigures[] {
  const by = new Map<string, AgentSegment[]>();
  for (const f of facts) for (const s of f.segments) by.set(s.agentId, [...(by.get(s.agentId) ?? []), s]);
  return [...by.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([agentId, segments]) => {
      const closed = segments.filter((s) => s.endedBy === 'completed');
      return {
        agentId,
        handled: closed.length,
        averageHandleSeconds: average(closed.map((s) => seconds(s.end! - s.start))),
        averageFirstResponseSeconds: average(segments.flatMap((s) => (s.firstReplyAt === null ? [] : [seconds(s.firstReplyAt - s.start)]))),
        transfersIn: segments.filter((s) => s.transferredIn).length,
        transfersOut: segments.filter((s) => s.endedBy === 'transfer').length,
      };
    });
}
