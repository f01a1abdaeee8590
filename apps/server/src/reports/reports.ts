import { agentFiguresOf, bucketLabel, figuresOf, localParts, zeroCounters, type Counters, type Granularity } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { agentToolFigures } from './agent-tools-figures.ts';
import { catchUp, FACT_COLUMNS, factOfRow } from './rollup-job.ts';
import { sumRollups, type RollupScope } from './rollup-read.ts';
import { periodOf, type ReportQuery } from './report-query.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The period and filters of a request, with every marked conversation folded first (the sums include the last event). */
async function scopeOf(deps: Deps, p: Principal, query: ReportQuery) {
  const { from, to } = periodOf(query, deps.clock.now());
  const options = await catchUp(deps, p.workspaceId);
  const scope: RollupScope = { workspaceId: p.workspaceId, from, to, channelId: query.channelId, skill: query.skill };
  return { scope, options };
}

/** The audit trail of a cell (issue #16): the detail log filtered to exactly the conversations the cell counts. */
function linkOf(scope: RollupScope, extra: Record<string, string | undefined> = {}) {
  const q = new URLSearchParams();
  const put = (k: string, v: string | undefined) => v !== undefined && v !== '' && q.set(k, v);
  put('from', iso(scope.from));
  put('to', iso(scope.to));
  put('channelId', scope.channelId);
  put('skill', scope.skill);
  for (const [k, v] of Object.entries(extra)) put(k, v);
  return `/api/v1/reports/conversations?${q.toString()}`;
}

/** GET /reports/summary (SPEC §5): the period's figures, defined in docs/metrics.md. */
export async function reportSummary(deps: Deps, p: Principal, query: ReportQuery) {
  const { scope, options } = await scopeOf(deps, p, query);
  const sums = (await sumRollups(deps.db, scope, 'all', 'none', options.timeZone)).get('') ?? zeroCounters();
  // Wrap-up is summed apart from conversation time (agent tools), from the same rollups.
  const { averageWrapUpSeconds } = agentToolFigures(sums);
  return { from: iso(scope.from), to: iso(scope.to), ...figuresOf(sums, options.serviceLevelSeconds), averageWrapUpSeconds, conversations: linkOf(scope) };
}

/** GET /reports/agents: per agent who held any of the period's conversations, with the agent's name. */
export async function reportAgents(deps: Deps, p: Principal, query: ReportQuery) {
  const { scope, options } = await scopeOf(deps, p, query);
  const sums = await sumRollups(deps.db, scope, 'agent', 'dimId', options.timeZone);
  const names = await namesOf(deps, 'agents', p.workspaceId, [...sums.keys()]);
  const items = [...sums.entries()]
    .filter(([, c]) => c.segments > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([agentId, c]) => ({ agentId, name: names.get(agentId) ?? null, ...agentFiguresOf(c), conversations: linkOf(scope, { agentId }) }));
  return { from: iso(scope.from), to: iso(scope.to), items };
}

/** GET /reports/channels: the summary per channel. */
export async function reportChannels(deps: Deps, p: Principal, query: ReportQuery) {
  const { scope, options } = await scopeOf(deps, p, query);
  const sums = await sumRollups(deps.db, scope, 'all', 'channel', options.timeZone);
  const names = await namesOf(deps, 'channels', p.workspaceId, [...sums.keys()]);
  return {
    from: iso(scope.from), to: iso(scope.to),
    items: sorted(sums).map(([channelId, c]) => ({ channelId, name: names.get(channelId) ?? null, ...figuresOf(c, options.serviceLevelSeconds), conversations: linkOf(scope, { channelId }) })),
  };
}

/** GET /reports/queues: the summary per requirement group (its skills). */
export async function reportQueues(deps: Deps, p: Principal, query: ReportQuery) {
  const { scope, options } = await scopeOf(deps, p, query);
  const sums = await sumRollups(deps.db, scope, 'all', 'group', options.timeZone);
  return {
    from: iso(scope.from), to: iso(scope.to),
    items: sorted(sums).map(([group, c]) => ({
      skills: group === '' ? [] : group.split(','), ...figuresOf(c, options.serviceLevelSeconds), conversations: linkOf(scope, { group: group === '' ? '-' : group }),
    })),
  };
}

/** GET /reports/tags: the summary per tag (a conversation with two tags counts under each). */
export async function reportTags(deps: Deps, p: Principal, query: ReportQuery) {
  const { scope, options } = await scopeOf(deps, p, query);
  const sums = await sumRollups(deps.db, scope, 'tag', 'dimId', options.timeZone);
  const names = await namesOf(deps, 'tags', p.workspaceId, [...sums.keys()]);
  return {
    from: iso(scope.from), to: iso(scope.to),
    items: sorted(sums).map(([tagId, c]) => ({ tagId, name: names.get(tagId) ?? null, ...figuresOf(c, options.serviceLevelSeconds), conversations: linkOf(scope, { tagId }) })),
  };
}

/** GET /reports/series?granularity=hour|day|week|month: the summary per bucket in the workspace zone, in order. */
export async function reportSeries(deps: Deps, p: Principal, query: ReportQuery & { granularity?: Granularity }) {
  const { scope, options } = await scopeOf(deps, p, query);
  const g = query.granularity ?? 'day';
  const sums = await sumRollups(deps.db, scope, 'all', 'bucket', options.timeZone, g === 'hour' ? 'h' : g === 'month' ? 'm' : 'd');
  const by = new Map<string, { start: number; counters: Counters }>();
  for (const [bucket, c] of sums) {
    const label = bucketLabel(Number(bucket), g, options.timeZone);
    const entry = by.get(label) ?? by.set(label, { start: Number(bucket), counters: zeroCounters() }).get(label)!;
    entry.start = Math.min(entry.start, Number(bucket));
    for (const k of Object.keys(c) as Array<keyof Counters>) entry.counters[k] += c[k];
  }
  return {
    from: iso(scope.from), to: iso(scope.to), granularity: g, timeZone: options.timeZone,
    items: [...by.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([bucket, e]) => ({ bucket, ...figuresOf(e.counters, options.serviceLevelSeconds), conversations: linkOf(scope, { bucket, granularity: g }) })),
  };
}

/** GET /reports/hours: the summary per local hour of day (0–23) over the period. */
export async function reportHours(deps: Deps, p: Principal, query: ReportQuery) {
  const { scope, options } = await scopeOf(deps, p, query);
  const sums = await sumRollups(deps.db, scope, 'hod', 'dimId', options.timeZone);
  const hours = Array.from({ length: 24 }, (_, h) => sums.get(String(h)) ?? zeroCounters());
  return {
    from: iso(scope.from), to: iso(scope.to), timeZone: options.timeZone,
    items: hours.map((c, hour) => ({ hour, ...figuresOf(c, options.serviceLevelSeconds), conversations: linkOf(scope, { hour: String(hour) }) })),
  };
}

export interface DetailQuery extends ReportQuery {
  agentId?: string;
  tagId?: string;
  group?: string;
  hour?: string;
  bucket?: string;
  granularity?: Granularity;
  outcome?: 'handled' | 'abandoned' | 'within_target';
  limit?: number;
}

/**
 * GET /reports/conversations: the per-conversation detail log, the rows a
 * report cell sums (the cell's `conversations` link). Newest hand-off first.
 */
export async function reportConversations(deps: Deps, p: Principal, query: DetailQuery) {
  const { scope, options } = await scopeOf(deps, p, query);
  const f = (cond: boolean, part: ReturnType<typeof sql>) => (cond ? part : sql``);
  const rows = await sql<Parameters<typeof factOfRow>[0]>`
    SELECT ${FACT_COLUMNS} FROM report_facts
    WHERE workspace_id = ${p.workspaceId} AND handoff_at >= ${scope.from}::int8 AND handoff_at < ${scope.to}::int8
      ${f(query.channelId !== undefined, sql`AND channel_id = ${query.channelId}`)}
      ${f(query.skill !== undefined, sql`AND position((',' || ${query.skill}::text || ',') in (',' || group_key || ',')) > 0`)}
      ${f(query.group !== undefined, sql`AND group_key = ${query.group === '-' ? '' : query.group}`)}
      ${f(query.agentId !== undefined, sql`AND agent_ids ? ${query.agentId}`)}
      ${f(query.tagId !== undefined, sql`AND tag_ids ? ${query.tagId}`)}
      ${f(query.outcome === 'handled' && query.agentId === undefined, sql`AND answered_at IS NOT NULL`)}
      ${f(query.outcome === 'handled' && query.agentId !== undefined, sql`AND EXISTS (SELECT 1 FROM jsonb_array_elements(agents) a WHERE a->>'agentId' = ${query.agentId} AND (a->>'handled')::int > 0)`)}
      ${f(query.outcome === 'abandoned', sql`AND abandoned AND NOT short_abandon`)}
      ${f(query.outcome === 'within_target', sql`AND within_target`)}
    ORDER BY handoff_at DESC, conversation_id LIMIT ${Math.min(query.limit ?? 1000, 10_000)}`.execute(deps.db);
  const facts = rows.rows.map(factOfRow).filter((fact) => {
    if (query.hour !== undefined && localParts(fact.bucket, options.timeZone).hour !== Number(query.hour)) return false;
    if (query.bucket !== undefined && bucketLabel(fact.bucket, query.granularity ?? 'day', options.timeZone) !== query.bucket) return false;
    return true;
  });
  const secs = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    from: iso(scope.from), to: iso(scope.to),
    items: facts.map((fact) => ({
      conversationId: fact.conversationId, channelId: fact.channelId, skills: fact.groupKey === '' ? '' : fact.groupKey, tags: fact.tagIds.join(' '),
      handoffAt: iso(fact.handoffAt), answeredAt: fact.answeredAt === null ? null : iso(fact.answeredAt), completedAt: fact.completedAt === null ? null : iso(fact.completedAt),
      waitSeconds: secs(fact.waitMs), withinTarget: fact.withinTarget, abandoned: fact.abandoned, shortAbandon: fact.shortAbandon,
      firstResponseSeconds: secs(fact.firstResponseMs), handleSeconds: secs(fact.handleMs), transfers: fact.transfers, csat: fact.csat,
      agents: fact.agents.map((a) => a.agentId).join(' '),
    })),
  };
}

const sorted = (sums: Map<string, Counters>) => [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

async function namesOf(deps: Deps, table: 'agents' | 'channels' | 'tags', workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await sql<{ id: string; name: string }>`SELECT id, name FROM ${sql.table(table)} WHERE workspace_id = ${workspaceId} AND id IN (${sql.join(ids)})`.execute(deps.db);
  return new Map(rows.rows.map((r) => [r.id, r.name]));
}
