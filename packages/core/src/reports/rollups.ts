import type { ConversationFacts } from './conversation-facts.ts';
import { HOUR, localDayStart, localHourStart, localMonthStart, localParts, nextLocalDay, nextLocalMonth } from './local-time.ts';

/**
 * Reports that stay fast for years (issue #16): each conversation's figures
 * are folded once into a `ReportFact` (one row per conversation, also the
 * per-conversation detail log), and every report table is a sum of the
 * facts' additive counters, kept per local hour. A fact that changes
 * (answered, closed, tagged, rated) is subtracted and added again, so the
 * sums always equal a recount from the history: the reconciliation check.
 */

export interface RollupOptions {
  serviceLevelSeconds: number;
  shortAbandonSeconds: number;
  /** IANA zone the hour buckets are cut in (the workspace's). */
  timeZone: string;
}

/** What the conversation is filed under, beside its history. */
export interface FactContext {
  channelId: string;
  /** Requirement group: its required skills. */
  skills: readonly string[];
  tagIds: readonly string[];
  /** Satisfaction rating (1–5) when the customer gave one. */
  csat: number | null;
}

export interface AgentPart {
  agentId: string;
  segments: number;
  handled: number;
  handleMs: number;
  firstResponseMs: number;
  firstResponseN: number;
  transfersIn: number;
  transfersOut: number;
  /** Wrap-up (close → wrap-up end) of the conversation, when it was this agent's. */
  wrapUpMs: number;
  wrapUpN: number;
}

export interface ReportFact {
  conversationId: string;
  channelId: string;
  /** The requirement group, skills joined by ',' ('' = any agent). */
  groupKey: string;
  tagIds: string[];
  /** Start of the local hour (workspace zone) of the hand-off, epoch ms. */
  bucket: number;
  handoffAt: number;
  answeredAt: number | null;
  completedAt: number | null;
  waitMs: number | null;
  withinTarget: boolean;
  abandoned: boolean;
  shortAbandon: boolean;
  firstResponseMs: number | null;
  handleMs: number | null;
  transfers: number;
  csat: number | null;
  /** Wrap-up end − completion (docs/metrics.md); null when no wrap-up ended after a completion. */
  wrapUpMs: number | null;
  agents: AgentPart[];
}

export const COUNTERS = [
  'handled', 'abandoned', 'shortAbandoned', 'withinTarget', 'waitMs', 'firstResponseMs', 'firstResponseN',
  'handleMs', 'handleN', 'transfers', 'csatSum', 'csatN', 'segments', 'transfersIn', 'transfersOut',
  'wrapUpMs', 'wrapUpN',
] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

export const zeroCounters = (): Counters => Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;

/** The dimensions a report is cut by: the whole (per channel and group), per agent, per tag, per local hour of day. */
export type RollupDim = 'all' | 'agent' | 'tag' | 'hod';
/** Rows are kept per local hour, day and month: a long period reads a few coarse rows, its edges the finer ones. */
export type RollupSpan = 'h' | 'd' | 'm';
export const SPANS: readonly RollupSpan[] = ['h', 'd', 'm'];

export interface RollupKey {
  dim: RollupDim;
  span: RollupSpan;
  /** Start of the local hour, day or month. */
  bucket: number;
  channelId: string;
  groupKey: string;
  /** Agent or tag id; '' for `all`. */
  dimId: string;
}

export const rollupKeyString = (k: RollupKey) => [k.dim, k.span, k.bucket, k.channelId, k.groupKey, k.dimId].join('\u0000');

/** The fact of one conversation, or null when it never asked for a person (it is in no report). */
export function reportFact(f: ConversationFacts, ctx: FactContext, o: RollupOptions): ReportFact | null {
  if (f.handoffAt === null) return null;
  const handled = f.answeredAt !== null;
  const waitMs = handled ? f.answeredAt! - f.handoffAt : null;
  const shortAbandon = f.abandoned && f.completedAt !== null && f.completedAt - f.handoffAt < o.shortAbandonSeconds * 1000;
  const first = f.segments[0];
  const agents = new Map<string, AgentPart>();
  for (const s of f.segments) {
    const part = agents.get(s.agentId) ?? { agentId: s.agentId, segments: 0, handled: 0, handleMs: 0, firstResponseMs: 0, firstResponseN: 0, transfersIn: 0, transfersOut: 0, wrapUpMs: 0, wrapUpN: 0 };
    part.segments++;
    if (s.endedBy === 'completed') {
      part.handled++;
      part.handleMs += s.end! - s.start;
    }
    if (s.firstReplyAt !== null) {
      part.firstResponseMs += s.firstReplyAt - s.start;
      part.firstResponseN++;
    }
    if (s.transferredIn) part.transfersIn++;
    if (s.endedBy === 'transfer') part.transfersOut++;
    agents.set(s.agentId, part);
  }
  const wrapUpMs = f.wrapUpEndedAt !== null && f.completedAt !== null ? f.wrapUpEndedAt - f.completedAt : null;
  const wrapUpAgent = wrapUpMs === null || f.wrapUpAgentId === null ? undefined : agents.get(f.wrapUpAgentId);
  if (wrapUpAgent) {
    wrapUpAgent.wrapUpMs += wrapUpMs!;
    wrapUpAgent.wrapUpN++;
  }
  return {
    conversationId: f.id,
    channelId: ctx.channelId,
    groupKey: [...new Set(ctx.skills)].sort().join(','),
    tagIds: [...new Set(ctx.tagIds)].sort(),
    bucket: localHourStart(f.handoffAt, o.timeZone),
    handoffAt: f.handoffAt,
    answeredAt: f.answeredAt,
    completedAt: f.completedAt,
    waitMs,
    withinTarget: waitMs !== null && waitMs <= o.serviceLevelSeconds * 1000,
    abandoned: f.abandoned,
    shortAbandon,
    firstResponseMs: handled && first?.firstReplyAt != null ? first.firstReplyAt - first.start : null,
    handleMs: handled && f.completedAt !== null ? f.completedAt - f.answeredAt! : null,
    transfers: f.transfers,
    csat: ctx.csat,
    wrapUpMs,
    agents: [...agents.values()].sort((a, b) => (a.agentId < b.agentId ? -1 : 1)),
  };
}

/** The conversation-level counters of one fact. */
export function factCounters(f: ReportFact): Counters {
  const c = zeroCounters();
  if (f.answeredAt !== null) {
    c.handled = 1;
    c.waitMs = f.waitMs!;
    c.withinTarget = f.withinTarget ? 1 : 0;
  }
  if (f.abandoned) c.abandoned = 1;
  if (f.shortAbandon) c.shortAbandoned = 1;
  if (f.firstResponseMs !== null) {
    c.firstResponseMs = f.firstResponseMs;
    c.firstResponseN = 1;
  }
  if (f.handleMs !== null) {
    c.handleMs = f.handleMs;
    c.handleN = 1;
  }
  c.transfers = f.transfers;
  if (f.csat !== null) {
    c.csatSum = f.csat;
    c.csatN = 1;
  }
  if (f.wrapUpMs !== null) {
    c.wrapUpMs = f.wrapUpMs;
    c.wrapUpN = 1;
  }
  return c;
}

function agentCounters(a: AgentPart): Counters {
  const c = zeroCounters();
  c.segments = a.segments;
  c.handled = a.handled;
  c.handleMs = a.handleMs;
  c.handleN = a.handled;
  c.firstResponseMs = a.firstResponseMs;
  c.firstResponseN = a.firstResponseN;
  c.transfersIn = a.transfersIn;
  c.transfersOut = a.transfersOut;
  c.wrapUpMs = a.wrapUpMs;
  c.wrapUpN = a.wrapUpN;
  return c;
}

/** The hour-span rows this fact adds to, with what it adds. */
export function factContributions(f: ReportFact, timeZone = 'UTC'): Array<{ key: RollupKey; counters: Counters }> {
  const base = { span: 'h' as RollupSpan, bucket: f.bucket, channelId: f.channelId, groupKey: f.groupKey };
  const whole = factCounters(f);
  return [
    { key: { ...base, dim: 'all', dimId: '' }, counters: whole },
    { key: { ...base, dim: 'hod', dimId: String(localParts(f.bucket, timeZone).hour) }, counters: whole },
    ...f.agents.map((a) => ({ key: { ...base, dim: 'agent' as const, dimId: a.agentId }, counters: agentCounters(a) })),
    ...f.tagIds.map((t) => ({ key: { ...base, dim: 'tag' as const, dimId: t }, counters: whole })),
  ];
}

/** Every rollup row (hour, day and month) this fact adds to. */
export function factRollups(f: ReportFact, timeZone: string): Array<{ key: RollupKey; counters: Counters }> {
  const hours = factContributions(f, timeZone);
  const day = localDayStart(f.bucket, timeZone);
  const month = localMonthStart(f.bucket, timeZone);
  return [...hours, ...hours.map((c) => ({ ...c, key: { ...c.key, span: 'd' as const, bucket: day } })), ...hours.map((c) => ({ ...c, key: { ...c.key, span: 'm' as const, bucket: month } }))];
}

export function addCounters(into: Counters, c: Counters, sign = 1): Counters {
  for (const name of COUNTERS) into[name] += sign * c[name];
  return into;
}

/** Σ new − Σ old per rollup row: what a changed fact does to the sums (zero rows left out). */
export function rollupDelta(before: ReportFact | null, after: ReportFact | null, timeZone: string, into = new Map<string, { key: RollupKey; counters: Counters }>()) {
  const add = (f: ReportFact | null, sign: number) => {
    if (!f) return;
    for (const { key, counters } of factRollups(f, timeZone)) {
      const id = rollupKeyString(key);
      const row = into.get(id) ?? into.set(id, { key, counters: zeroCounters() }).get(id)!;
      addCounters(row.counters, counters, sign);
    }
  };
  add(before, -1);
  add(after, 1);
  for (const [id, row] of into) if (COUNTERS.every((c) => row.counters[c] === 0)) into.delete(id);
  return into;
}

const average = (sumMs: number, n: number) => (n === 0 ? null : Math.round((sumMs / 1000 / n) * 10) / 10);
const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);

/** The summary figures (docs/metrics.md) of summed counters. */
export function figuresOf(c: Counters, serviceLevelSeconds: number) {
  const abandoned = c.abandoned - c.shortAbandoned;
  const offered = c.handled + abandoned;
  return {
    offered,
    handled: c.handled,
    abandoned,
    shortAbandoned: c.shortAbandoned,
    abandonRate: ratio(abandoned, offered),
    serviceLevel: { thresholdSeconds: serviceLevelSeconds, ratio: ratio(c.withinTarget, offered) },
    averageSpeedOfAnswerSeconds: average(c.waitMs, c.handled),
    averageFirstResponseSeconds: average(c.firstResponseMs, c.firstResponseN),
    averageHandleSeconds: average(c.handleMs, c.handleN),
    transfers: c.transfers,
    csat: { responses: c.csatN, average: c.csatN === 0 ? null : Math.round((c.csatSum / c.csatN) * 100) / 100 },
  };
}

/** Per agent figures of an agent row's summed counters. */
export function agentFiguresOf(c: Counters) {
  return {
    handled: c.handled,
    averageHandleSeconds: average(c.handleMs, c.handleN),
    averageFirstResponseSeconds: average(c.firstResponseMs, c.firstResponseN),
    transfersIn: c.transfersIn,
    transfersOut: c.transfersOut,
    averageWrapUpSeconds: average(c.wrapUpMs, c.wrapUpN),
  };
}

/** The average wrap-up (close → wrap-up end) of summed counters; null when none ended. */
export const averageWrapUpSeconds = (c: Counters) => average(c.wrapUpMs, c.wrapUpN);


export interface CoverRange {
  span: RollupSpan;
  from: number;
  to: number;
}

/**
 * How [from, to) is read: whole local months, then whole days, then whole
 * hours (no coarser than `coarsest`), and the cut parts at either end from
 * the facts themselves (`facts`).
 */
export function coverPeriod(from: number, to: number, timeZone: string, coarsest: RollupSpan = 'm'): { rollups: CoverRange[]; facts: Array<{ from: number; to: number }> } {
  const firstHour = localHourStart(from, timeZone) === from ? from : localHourStart(from, timeZone) + HOUR;
  const lastHour = localHourStart(to, timeZone);
  if (firstHour >= lastHour) return { rollups: [], facts: [{ from, to }] };
  const facts = [{ from, to: firstHour }, { from: lastHour, to }].filter((r) => r.from < r.to);
  const rollups: CoverRange[] = [];
  const split2 = (a: number, b: number, span: RollupSpan): void => {
    const allowed = SPANS.indexOf(span) <= SPANS.indexOf(coarsest);
    if (span === 'h' || !allowed) {
      if (span === 'm') return split2(a, b, 'd');
      if (span === 'd') return split2(a, b, 'h');
      if (a < b) rollups.push({ span: 'h', from: a, to: b });
      return;
    }
    const start = span === 'd' ? localDayStart(a, timeZone) : localMonthStart(a, timeZone);
    const first = start === a ? a : span === 'd' ? nextLocalDay(start, timeZone) : nextLocalMonth(start, timeZone);
    const last = span === 'd' ? localDayStart(b, timeZone) : localMonthStart(b, timeZone);
    const finer: RollupSpan = span === 'm' ? 'd' : 'h';
    if (first >= last) return split2(a, b, finer);
    split2(a, first, finer);
    rollups.push({ span, from: first, to: last });
    split2(last, b, finer);
  };
  split2(firstHour, lastHour, 'm');
  return { rollups, facts };
}

export type Granularity = 'hour' | 'day' | 'week' | 'month';
const pad = (n: number) => String(n).padStart(2, '0');

/** The label of the bucket an hour bucket falls in: local ISO hour, date, week's Monday, or month. */
export function bucketLabel(bucket: number, g: Granularity, timeZone: string): string {
  const p = localParts(bucket, timeZone);
  const date = `${p.year}-${pad(p.month)}-${pad(p.day)}`;
  if (g === 'hour') return `${date}T${pad(p.hour)}:00`;
  if (g === 'day') return date;
  if (g === 'month') return `${p.year}-${pad(p.month)}`;
  const monday = new Date(Date.UTC(p.year, p.month - 1, p.day - (p.weekday - 1)));
  return monday.toISOString().slice(0, 10);
}
