import {
  COUNTERS, conversationFacts, reportFact, rollupDelta,
  type ConversationHistory, type Counters, type CounterName, type ReportFact, type RollupKey, type RollupOptions,
} from '@switchboard/core';
import { anyOf, rowsOf } from '../db/unnest.ts';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import { reportOptions } from './report-history.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** How many marked conversations one pass folds (one transaction). */
const BATCH = 200;

export const COLUMN: Record<CounterName, string> = {
  handled: 'handled', abandoned: 'abandoned', shortAbandoned: 'short_abandoned', withinTarget: 'within_target', waitMs: 'wait_ms',
  firstResponseMs: 'first_response_ms', firstResponseN: 'first_response_n', handleMs: 'handle_ms', handleN: 'handle_n', transfers: 'transfers',
  csatSum: 'csat_sum', csatN: 'csat_n', segments: 'segments', transfersIn: 'transfers_in', transfersOut: 'transfers_out',
  wrapUpMs: 'wrap_up_ms', wrapUpN: 'wrap_up_n',
};

/** The workspace's zone for report buckets: routing settings `reportTimeZone`, else the business-hours zone, else UTC. */
export async function rollupOptions(db: Db, workspaceId: string): Promise<RollupOptions> {
  const ws = await sql<{ routing_settings: Record<string, unknown>; business_hours: { timezone?: string } | null }>`
    SELECT routing_settings, business_hours FROM workspaces WHERE id = ${workspaceId}`.execute(db);
  const row = ws.rows[0];
  const zone = typeof row?.routing_settings?.reportTimeZone === 'string' ? (row.routing_settings.reportTimeZone as string) : row?.business_hours?.timezone;
  return { ...(await reportOptions({ db } as Deps, workspaceId)), timeZone: zone && validZone(zone) ? zone : 'UTC' };
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The options the facts were folded with must be today's: when a threshold
 * or the zone changed (or the workspace was never folded: existing history
 * after the upgrade), every conversation is marked to be folded again.
 */
export async function ensureRollupState(db: Db, workspaceId: string): Promise<RollupOptions> {
  const options = await rollupOptions(db, workspaceId);
  const state = await sql<{ options: RollupOptions }>`SELECT options FROM report_state WHERE workspace_id = ${workspaceId}`.execute(db);
  const stored = state.rows[0]?.options;
  // Field by field: jsonb does not keep key order.
  if (stored && stored.serviceLevelSeconds === options.serviceLevelSeconds && stored.shortAbandonSeconds === options.shortAbandonSeconds && stored.timeZone === options.timeZone) return options;
  const source = stored ? sql`SELECT conversation_id, workspace_id FROM report_facts WHERE workspace_id = ${workspaceId}` : sql`SELECT id, workspace_id FROM conversations WHERE workspace_id = ${workspaceId}`;
  await sql`INSERT INTO report_dirty (conversation_id, workspace_id) ${source}`.execute(db);
  await sql`INSERT INTO report_state (workspace_id, options) VALUES (${workspaceId}, ${JSON.stringify(options)}::jsonb)
    ON CONFLICT (workspace_id) DO UPDATE SET options = excluded.options`.execute(db);
  return options;
}

/** The advisory-lock class of "this conversation is being folded" (its second key is the id's hash). */
const FOLDING = 0x5f6f6c64;

/**
 * One pass: takes up to `limit` marks (locked, skipping those another
 * process holds), folds each marked conversation again from its history once
 * — under an advisory lock of its own, so two processes never fold one
 * conversation at once; one held elsewhere keeps its marks for a later pass —
 * applies the difference to the rollups and deletes the marks it took, in
 * one transaction. Marks are appended, never updated (migration
 * 20261201T1220): a routing transaction marking a conversation waits for no
 * fold. Returns how many conversations it folded.
 */
export async function foldMarked(deps: Pick<Deps, 'db'>, workspaceId?: string, limit = BATCH): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const scope = workspaceId === undefined ? sql`` : sql`WHERE workspace_id = ${workspaceId}`;
    const marked = await sql<{ id: string; conversation_id: string; workspace_id: string }>`
      SELECT id, conversation_id, workspace_id FROM report_dirty ${scope} ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(trx);
    if (marked.rows.length === 0) return 0;
    const candidates = [...new Set(marked.rows.map((r) => r.conversation_id))].sort();
    const mine = await sql<{ id: string }>`
      SELECT id FROM unnest(${candidates}::text[]) AS c(id) WHERE pg_try_advisory_xact_lock(${FOLDING}, hashtext(id))`.execute(trx);
    const folding = new Set(mine.rows.map((r) => r.id));
    const taken = marked.rows.filter((r) => folding.has(r.conversation_id));
    if (taken.length === 0) return 0;
    const byWorkspace = new Map<string, Set<string>>();
    for (const r of taken) (byWorkspace.get(r.workspace_id) ?? byWorkspace.set(r.workspace_id, new Set()).get(r.workspace_id)!).add(r.conversation_id);
    for (const [ws, marked] of byWorkspace) {
      const ids = [...marked];
      const options = await ensureRollupState(trx, ws);
      const after = await foldFacts(trx, ws, ids, options);
      const before = await storedFacts(trx, ids);
      const delta = new Map<string, { key: RollupKey; counters: Counters }>();
      for (const id of ids) rollupDelta(before.get(id) ?? null, after.get(id) ?? null, options.timeZone, delta);
      await applyDelta(trx, ws, [...delta.values()]);
      await writeFacts(trx, ws, ids, after);
    }
    await sql`DELETE FROM report_dirty WHERE id = ANY(${taken.map((r) => r.id)}::int8[])`.execute(trx);
    return folding.size;
  });
}

/** Everything marked in a workspace, folded now (a report reads sums that include the last event). */
export async function catchUp(deps: Pick<Deps, 'db'>, workspaceId: string): Promise<RollupOptions> {
  const options = await ensureRollupState(deps.db, workspaceId);
  // One cheap look first: a report on a quiet workspace opens no transaction.
  const marked = await sql`SELECT 1 FROM report_dirty WHERE workspace_id = ${workspaceId} LIMIT 1`.execute(deps.db);
  if (marked.rows.length > 0) while ((await foldMarked(deps, workspaceId)) > 0);
  return options;
}

/** The scheduler's task: a batch per beat, any workspace. */
export const runReportRollups = async (deps: Deps) => foldMarked(deps);

/** The facts of these conversations as their history says now (absent: never asked for a person). */
export async function foldFacts(db: Db, workspaceId: string, ids: string[], options: RollupOptions): Promise<Map<string, ReportFact>> {
  const out = new Map<string, ReportFact>();
  if (ids.length === 0) return out;
  const list = anyOf(ids);
  const convs = await sql<{ id: string; channel_id: string; skills: string[]; csat_rating: number | null }>`
    SELECT id, channel_id, skills, csat_rating FROM conversations WHERE workspace_id = ${workspaceId} AND id = ${list}`.execute(db);
  const events = await sql<{ conversation_id: string; at: string; type: string; from_status: string | null; to_status: string | null; cause: string; agent_id: string | null }>`
    SELECT conversation_id, at, type, from_status, to_status, cause, data->>'agentId' AS agent_id FROM conversation_events
    WHERE conversation_id = ${list} AND type IN ('status_changed', 'assigned', 'wrap_up_ended') ORDER BY conversation_id, id`.execute(db);
  const messages = await sql<{ conversation_id: string; at: string; agent_id: string | null }>`
    SELECT conversation_id, created_at AS at, agent_id FROM messages WHERE conversation_id = ${list} AND sender = 'agent' AND private = false
    ORDER BY conversation_id, seq`.execute(db);
  const tags = await sql<{ conversation_id: string; tag_id: string }>`
    SELECT conversation_id, tag_id FROM conversation_tags WHERE conversation_id = ${list}`.execute(db);
  const histories = new Map<string, ConversationHistory>(convs.rows.map((c) => [c.id, { id: c.id, events: [], agentMessages: [] }]));
  for (const e of events.rows) {
    histories.get(e.conversation_id)?.events.push({ at: Number(e.at), type: e.type, fromStatus: e.from_status, toStatus: e.to_status, cause: e.cause, agentId: e.agent_id });
  }
  for (const m of messages.rows) histories.get(m.conversation_id)?.agentMessages.push({ at: Number(m.at), agentId: m.agent_id });
  const tagsOf = new Map<string, string[]>();
  for (const t of tags.rows) (tagsOf.get(t.conversation_id) ?? tagsOf.set(t.conversation_id, []).get(t.conversation_id)!).push(t.tag_id);
  for (const c of convs.rows) {
    const fact = reportFact(conversationFacts(histories.get(c.id)!), { channelId: c.channel_id, skills: c.skills, tagIds: tagsOf.get(c.id) ?? [], csat: c.csat_rating }, options);
    if (fact) out.set(c.id, fact);
  }
  return out;
}

type FactRow = {
  conversation_id: string; bucket: string; handoff_at: string; channel_id: string; group_key: string; tag_ids: string[];
  answered_at: string | null; completed_at: string | null; wait_ms: string | null; within_target: boolean; abandoned: boolean; short_abandon: boolean;
  first_response_ms: string | null; handle_ms: string | null; transfers: number; csat: number | null; wrap_up_ms: string | null; agents: ReportFact['agents'];
};
const num = (v: string | null) => (v === null ? null : Number(v));

export const factOfRow = (r: FactRow): ReportFact => ({
  conversationId: r.conversation_id, channelId: r.channel_id, groupKey: r.group_key, tagIds: r.tag_ids, bucket: Number(r.bucket), handoffAt: Number(r.handoff_at),
  answeredAt: num(r.answered_at), completedAt: num(r.completed_at), waitMs: num(r.wait_ms), withinTarget: r.within_target, abandoned: r.abandoned,
  shortAbandon: r.short_abandon, firstResponseMs: num(r.first_response_ms), handleMs: num(r.handle_ms), transfers: r.transfers, csat: r.csat,
  wrapUpMs: num(r.wrap_up_ms),
  // Facts folded before migration 20261201T1230 have no wrap-up parts: they counted none.
  agents: r.agents.map((a) => ({ ...a, wrapUpMs: a.wrapUpMs ?? 0, wrapUpN: a.wrapUpN ?? 0 })),
});

export const FACT_COLUMNS = sql`conversation_id, bucket, handoff_at, channel_id, group_key, tag_ids, answered_at, completed_at, wait_ms, within_target,
  abandoned, short_abandon, first_response_ms, handle_ms, transfers, csat, wrap_up_ms, agents`;

async function storedFacts(db: Db, ids: string[]): Promise<Map<string, ReportFact>> {
  const rows = await sql<FactRow>`SELECT ${FACT_COLUMNS} FROM report_facts WHERE conversation_id = ${anyOf(ids)}`.execute(db);
  return new Map(rows.rows.map((r) => [r.conversation_id, factOfRow(r)]));
}

async function writeFacts(db: Db, workspaceId: string, ids: string[], facts: Map<string, ReportFact>) {
  await sql`DELETE FROM report_facts WHERE conversation_id = ${anyOf(ids)}`.execute(db);
  if (facts.size === 0) return;
  const rows = rowsOf([...facts.values()], 'f', [
    ['conversation_id', 'text', (f) => f.conversationId], ['workspace_id', 'text', () => workspaceId], ['bucket', 'int8', (f) => f.bucket],
    ['handoff_at', 'int8', (f) => f.handoffAt], ['channel_id', 'text', (f) => f.channelId], ['group_key', 'text', (f) => f.groupKey],
    ['tag_ids', 'jsonb', (f) => JSON.stringify(f.tagIds)], ['agent_ids', 'jsonb', (f) => JSON.stringify(f.agents.map((a) => a.agentId))],
    ['answered_at', 'int8', (f) => f.answeredAt], ['completed_at', 'int8', (f) => f.completedAt], ['wait_ms', 'int8', (f) => f.waitMs],
    ['within_target', 'bool', (f) => f.withinTarget], ['abandoned', 'bool', (f) => f.abandoned], ['short_abandon', 'bool', (f) => f.shortAbandon],
    ['first_response_ms', 'int8', (f) => f.firstResponseMs], ['handle_ms', 'int8', (f) => f.handleMs], ['transfers', 'int4', (f) => f.transfers],
    ['csat', 'int2', (f) => f.csat], ['wrap_up_ms', 'int8', (f) => f.wrapUpMs], ['agents', 'jsonb', (f) => JSON.stringify(f.agents)],
  ]);
  // One statement text however many facts (db/unnest.ts).
  await sql`INSERT INTO report_facts (conversation_id, workspace_id, bucket, handoff_at, channel_id, group_key, tag_ids, agent_ids, answered_at, completed_at,
    wait_ms, within_target, abandoned, short_abandon, first_response_ms, handle_ms, transfers, csat, wrap_up_ms, agents) SELECT * FROM ${rows}`.execute(db);
}

/** Adds the differences in one upsert; rows are sorted so two processes lock them in the same order. */
async function applyDelta(db: Db, workspaceId: string, delta: Array<{ key: RollupKey; counters: Counters }>) {
  if (delta.length === 0) return;
  delta.sort((a, b) => (keyOrder(a.key) < keyOrder(b.key) ? -1 : 1));
  const columns = COUNTERS.map((c) => sql.raw(COLUMN[c]));
  type Delta = (typeof delta)[number];
  const rows = rowsOf(delta, 'd', [
    ['workspace_id', 'text', () => workspaceId], ['dim', 'text', (d: Delta) => d.key.dim], ['span', 'text', (d: Delta) => d.key.span],
    ['bucket', 'int8', (d: Delta) => d.key.bucket], ['channel_id', 'text', (d: Delta) => d.key.channelId], ['group_key', 'text', (d: Delta) => d.key.groupKey],
    ['dim_id', 'text', (d: Delta) => d.key.dimId],
    ...COUNTERS.map((c) => [COLUMN[c], 'int8', (d: Delta) => d.counters[c]] as const),
  ]);
  const sets = COUNTERS.map((c) => sql.raw(`${COLUMN[c]} = report_rollups.${COLUMN[c]} + excluded.${COLUMN[c]}`));
  // One statement text however many rows (db/unnest.ts).
  await sql`INSERT INTO report_rollups (workspace_id, dim, span, bucket, channel_id, group_key, dim_id, ${sql.join(columns)}) SELECT * FROM ${rows}
    ON CONFLICT (workspace_id, dim, span, bucket, channel_id, group_key, dim_id) DO UPDATE SET ${sql.join(sets)}`.execute(db);
}

const keyOrder = (k: RollupKey) => `${k.dim}\u0000${k.span}\u0000${String(k.bucket).padStart(16, '0')}\u0000${k.channelId}\u0000${k.groupKey}\u0000${k.dimId}`;
