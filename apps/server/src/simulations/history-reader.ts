import { checkpointInput, inputKey, type DayFacts, type RecordedInput, type RoutingDecision, type RoutingEvent, type RoutingSnapshot } from '@switchboard/core';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import { dayCheckpoint, dayFacts, dayInputs, dayReader } from './replay-days.ts';

/**
 * The recording read in pages (never the whole history at once): the routing
 * engine's inputs in lock order — compacted days (replay-days.ts) one row
 * each, then the rows not compacted yet in keyset pages — and the decisions
 * the server wrote into the history for the reproduction check.
 */
export const PAGE_SIZE = 10_000;

/** The day a replay of a period starting at `from` starts after: the last compacted day that ended before it (null = the first recording). */
async function startDay(db: Database, workspaceId: string, from: number) {
  return db
    .selectFrom('routing_input_days')
    .select(['last_version', 'last_at', 'checkpoint'])
    .where('workspace_id', '=', workspaceId)
    .where('last_at', '<', from)
    .orderBy('last_version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Inputs a replay of [from, end) reads: from the checkpoint before `from` (or the origin) to `end`, days and rows. */
export async function countInputs(db: Database, workspaceId: string, from: number, end: number): Promise<number> {
  const start = await startDay(db, workspaceId, from);
  const days = await db
    .selectFrom('routing_input_days')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('inputs'), eb.lit(0)).as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('last_version', '>', start?.last_version ?? -1)
    .where('first_at', '<', end)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('routing_inputs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('at', '<', end)
    .executeTakeFirst();
  return Number(days?.n ?? 0) + Number(rows?.n ?? 0);
}

/**
 * A page of the recording: a compacted day with the reader facts stored with
 * it, or inputs whose facts a replay learns as it reads them (a FactsRecorder
 * beside the simulator). `before` says where that recorder starts: undefined
 * = it goes on from the previous page; null = afresh, the page begins with
 * the origin (or the start checkpoint); a snapshot = afresh from that state
 * (the checkpoint of the day before, when the previous page came with facts).
 */
export interface InputPage {
  inputs: RecordedInput[];
  facts: DayFacts | null;
  before?: RoutingSnapshot | null;
  /** With facts: the place of inputs[0] among the day's inputs the facts index (a compacted day comes in stretches); 0 if absent. */
  first?: number;
}

/** A compacted day with facts comes in stretches of this many inputs, each decoded as it is taken (core DayInputs). */
export const DAY_STRETCH = 5_000;

/**
 * The recording of [from, end) in lock order: the checkpoint of the last
 * compacted day before `from` (as an origin) or the first recording, then
 * each later compacted day as one page, then the rows not compacted yet in
 * keyset pages. Memory holds one day at most. A day with facts keeps its
 * inputs at or after `end` (the facts index them; the replay skips them).
 * `offers`: a what-if's reading, which needs the recorded offers in the facts
 * (decision 0029); a day whose facts were stored before them comes without
 * facts, as a day compacted before migration 20261201T1320 does, and the
 * what-if learns them again as it reads it.
 */
export async function* inputPages(
  db: Database,
  workspaceId: string,
  from: number,
  end: number,
  how: { offers?: boolean; stretch?: number } = {},
): AsyncGenerator<InputPage> {
  const stretch = how.stretch ?? DAY_STRETCH;
  const start = await startDay(db, workspaceId, from);
  let afterVersion = -1;
  // The checkpoint before the next page, kept packed until a page without facts needs it.
  let checkpointBefore: Uint8Array | null = null;
  let recorderGoesOn = false;
  if (start) {
    yield { inputs: [checkpointInput(dayCheckpoint(start.checkpoint), start.last_version, start.last_at)], facts: null, before: null };
    afterVersion = start.last_version;
    checkpointBefore = start.checkpoint;
    recorderGoesOn = true;
  }
  const before = () => (recorderGoesOn ? undefined : checkpointBefore === null ? null : dayCheckpoint(checkpointBefore));
  for (;;) {
    const day = await db
      .selectFrom('routing_input_days')
      .select(['last_version', 'first_at', 'data', 'facts', 'checkpoint'])
      .where('workspace_id', '=', workspaceId)
      .where('last_version', '>', afterVersion)
      .orderBy('last_version')
      .limit(1)
      .executeTakeFirst();
    if (!day) break;
    if (day.first_at >= end) return;
    const stored = dayFacts(day.facts);
    const facts = how.offers && stored && !stored.offers ? null : stored;
    if (facts) {
      const inputs = dayReader(day.data);
      for (let first = 0; first < inputs.length; first += stretch) yield { inputs: inputs.take(stretch), facts, first };
    } else yield { inputs: dayInputs(day.data).filter((i) => i.at < end), facts: null, before: before() };
    recorderGoesOn = facts === null;
    afterVersion = day.last_version;
    checkpointBefore = day.checkpoint;
  }
  let after = { version: afterVersion, seq: 1_048_575 };
  for (;;) {
    const rows = await db
      .selectFrom('routing_inputs')
      .select(['version', 'seq', 'at', 'kind', 'event', 'note'])
      .where('workspace_id', '=', workspaceId)
      .where(sql<boolean>`(version, seq) > (${after.version}::int8, ${after.seq}::int4)`)
      .where('at', '<', end)
      .orderBy('version')
      .orderBy('seq')
      .limit(PAGE_SIZE)
      .execute();
    if (rows.length === 0) return;
    const inputs = rows.map((r): RecordedInput => {
      const key = inputKey(r.version, r.seq);
      return r.kind === 'origin'
        ? { key, at: r.at, kind: 'origin' as const, snapshot: r.event as unknown as RoutingSnapshot }
        : { key, at: r.at, kind: 'event' as const, event: r.event as unknown as RoutingEvent, note: r.note };
    });
    yield { inputs, facts: null, before: before() };
    recorderGoesOn = true;
    const last = rows[rows.length - 1];
    after = { version: last.version, seq: last.seq };
    if (rows.length < PAGE_SIZE) return;
  }
}

/** The types of the partial index conversation_events_decisions, as literals (a parameter cannot prove a partial index's predicate). */
const DECISION_TYPES = sql.raw(`'status_changed', 'offered', 'offer_withdrawn', 'assigned', 'requirements_relaxed'`);

/** A recorded decision and its time, as the reproduction check compares it with the simulator's. */
export interface TimedDecision {
  at: number;
  decision: RoutingDecision;
}

/** The check reads the history in windows of this much recorded time, several at once (recordedDecisionPages). */
export const HISTORY_WINDOW_MS = 15 * 60_000;
/** Windows read at once, each on its own connection, ahead of the one the check takes. */
export const HISTORY_WINDOWS_AHEAD = 4;

/**
 * A history row's decision line, as core's decisionLine writes the decision it stands for (at, kind, conversation,
 * agent, expiry, reason, relaxed skills, space-separated); NULL for a row that is no routing decision (a status
 * change into processing, say): status changes into dispatching (from waiting) and back to waiting (from dispatching
 * or processing), offers, withdrawals, assignments, relaxations. The agent is `data.agentId` ('' if none), the expiry
 * `data.expiresAt` as its JSON text, the relaxed skills `data.to` joined by commas.
 */
const DECISION_LINE = sql.raw(`CASE type
    WHEN 'status_changed' THEN CASE
      WHEN to_status = 'dispatching' AND from_status = 'waiting' THEN at || ' dispatched ' || conversation_id || ' ' || cause
      WHEN to_status = 'waiting' AND from_status IN ('dispatching', 'processing') THEN at || ' requeued ' || conversation_id || ' ' || cause
    END
    WHEN 'offered' THEN at || ' offered ' || conversation_id || ' ' || coalesce(data->>'agentId', '') || ' ' || coalesce(data->>'expiresAt', 'NaN') || ' ' || cause
    WHEN 'offer_withdrawn' THEN at || ' withdrawn ' || conversation_id || ' ' || coalesce(data->>'agentId', '') || ' ' || cause
    WHEN 'assigned' THEN at || ' assigned ' || conversation_id || ' ' || coalesce(data->>'agentId', '') || ' ' || cause
    WHEN 'requirements_relaxed' THEN at || ' relaxed ' || conversation_id || ' ' || CASE WHEN jsonb_typeof(data->'to') = 'array'
      THEN coalesce((SELECT string_agg(skill, ',' ORDER BY n) FROM jsonb_array_elements_text(data->'to') WITH ORDINALITY AS skills(skill, n)), '')
      ELSE '' END
  END`);

/**
 * The routing decisions among a workspace's history rows in [from, end), in
 * (at, id) order, as text: each page the decision lines of its rows
 * (DECISION_LINE, core's decisionLine of each), '\n' between them (rows
 * written by anything else are skipped). (at, id) is the history's own order
 * (id, in the workspace's routing lock order) as long as the recorded times
 * do not go backwards in lock order, which the engine's clock (read under the
 * lock) does not.
 *
 * The period is read in windows of recorded time (15 minutes), several at
 * once on their own connections (decision 0036-columnar-days): a page's
 * statement needs no earlier page, so PostgreSQL's backends read ahead in
 * parallel while the simulation runs, instead of one keyset page after
 * another. Within a window, pages of `pageSize` rows by (at, id) from the
 * partial index conversation_events_decisions (migration 20261202T1510).
 * PostgreSQL writes the lines (decision 0048-history-check-as-text): the
 * client takes one text value a page, and the check compares the simulated
 * decisions' lines with it where it stands, with no object made per recorded
 * row (parsing rows, then one JSON value a page, was ~10 % of a month's
 * checked replay, and its objects outlived the young generation). Empty
 * pages are not yielded.
 */
export async function* recordedDecisionPages(
  db: Database,
  workspaceId: string,
  from: number,
  end: number,
  pageSize = PAGE_SIZE,
  windowMs = HISTORY_WINDOW_MS,
): AsyncGenerator<string> {
  const ahead: Array<Promise<string[]>> = [];
  let next = from;
  try {
    for (;;) {
      while (ahead.length <= HISTORY_WINDOWS_AHEAD && next < end) {
        const to = Math.min(end, next + windowMs);
        ahead.push(decisionWindow(db, workspaceId, next, to, pageSize));
        next = to;
      }
      const window = ahead.shift();
      if (!window) return;
      for (const page of await window) yield page;
    }
  } finally {
    // Left early: the windows still being read are not wanted, nor their errors.
    for (const w of ahead) w.catch(() => {});
  }
}

/** One window [from, to) of recorded decisions, in pages of `pageSize` rows by (at, id), each its lines as one text. */
async function decisionWindow(db: Database, workspaceId: string, from: number, to: number, pageSize: number): Promise<string[]> {
  const pages: string[] = [];
  let after = { at: from, id: 0 };
  let first = true;
  for (;;) {
    const { rows } = await sql<{ lines: string | null; n: number; last_at: string | null; last_id: string | null }>`
      SELECT string_agg(line, E'\n' ORDER BY at, id) AS lines, count(*)::int AS n,
        (array_agg(at ORDER BY at DESC, id DESC))[1]::text AS last_at, (array_agg(id ORDER BY at DESC, id DESC))[1]::text AS last_id
      FROM (
        SELECT id, at, ${DECISION_LINE} AS line FROM conversation_events
        WHERE workspace_id = ${workspaceId} AND type IN (${DECISION_TYPES})
          AND ${first ? sql<boolean>`at >= ${from}::int8` : sql<boolean>`(at, id) > (${after.at}::int8, ${after.id}::int8)`} AND at < ${to}::int8
        ORDER BY at, id
        LIMIT ${pageSize}
      ) page`.execute(db);
    first = false;
    const page = rows[0];
    if (page?.lines) pages.push(page.lines);
    if (!page || page.n < pageSize) return pages;
    after = { at: Number(page.last_at), id: Number(page.last_id) };
  }
}

/** Agents the engine set away for a missed offer (presence_events written by routing, reason `missed`), by the partial index presence_events_missed in (at, id) order. */
export async function* recordedAwayPages(db: Database, workspaceId: string, from: number, end: number, pageSize = PAGE_SIZE): AsyncGenerator<TimedDecision[]> {
  let after = { at: from, id: 0 };
  for (;;) {
    const rows = await db
      .selectFrom('presence_events')
      .select(['id', 'at', 'agent_id'])
      .where('workspace_id', '=', workspaceId)
      // Literals, as the partial index's predicate has them.
      .where(sql<boolean>`reason = 'missed' AND actor_id IS NULL`)
      .where(sql<boolean>`(at, id) > (${after.at}::int8, ${after.id}::int8)`)
      .where('at', '<', end)
      .orderBy('at')
      .orderBy('id')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => ({ at: r.at, decision: { type: 'agent_away' as const, agentId: r.agent_id, reason: 'missed' as const } }));
    const last = rows[rows.length - 1];
    after = { at: last.at, id: last.id };
    if (rows.length < pageSize) return;
  }
}
