import { addHandleTime, estimateWaitSeconds, serviceRatePerSeat, type HandleTimeAverage } from '@switchboard/core';
import { sql, type Kysely, type Transaction } from 'kysely';
import { anyOf } from '../db/unnest.ts';
import type { DB } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * R12 from the tables, for any process and any moment: the same terms as
 * core's `engine.queueStanding` (position among the conversations with the
 * same requirements still waiting for a person — `waiting`, or `dispatching`
 * without a pending offer — and the capacities of the qualifying `ready`
 * agents with their free seats), fed to core's estimateWaitSeconds with the
 * service rate recorded for that requirement group.
 */

export interface Standing {
  position: number;
  estimatedWaitSeconds: number | null;
  /** Seats of the qualifying `ready` agents (0: nobody who could take it is ready). */
  readySeats: number;
}

interface Waiter {
  id: string;
  workspace_id: string;
  skills: string[];
  queue_key: number | null;
}

/** The key of a requirement group in workspaces.handle_times; '*' holds every completion. */
export const groupKey = (skills: readonly string[]) => JSON.stringify([...skills]);
const ALL = '*';
/**
 * The newest completion's weight once warmed up (a plain mean before 1/α
 * completions). Core's default 0.1 leaves the mean of exponential handle
 * times off by ≈ 23 % (σ = √(α/(2−α))) at any moment; 0.02 (≈ the last 100
 * chats) by ≈ 10 %, and still follows a change within a day's work.
 * bench/eta measures the difference.
 */
export const HANDLE_TIME_ALPHA = 0.02;
/** A group's own mean is used once it has this many completions; before, the workspace's. */
const MIN_GROUP_COMPLETIONS = 5;

export async function standingsOf(db: Db, workspaceId: string, rows: Waiter[]): Promise<Map<string, Standing>> {
  const out = new Map<string, Standing>();
  if (rows.length === 0) return out;
  const positions = await positionsOf(db, workspaceId, rows.map((r) => r.id));
  const agents = await readyAgents(db, workspaceId);
  const ws = await db.selectFrom('workspaces').select('handle_times').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  for (const row of rows) {
    const position = positions.get(row.id);
    if (position === undefined) continue;
    const qualifying = agents.filter((a) => row.skills.every((s) => (a.skills[s] ?? 0) > 0));
    const estimate = estimateWaitSeconds({
      position,
      capacities: qualifying.map((a) => a.capacity),
      freeSeats: qualifying.reduce((sum, a) => sum + Math.max(0, a.capacity - a.load), 0),
      serviceRatePerSeat: serviceRatePerSeat(averageFor(ws.handle_times, row.skills)),
    });
    // Millisecond precision for the history (bench/eta compares it with the wait); items show whole seconds.
    const readySeats = qualifying.reduce((sum, a) => sum + a.capacity, 0);
    out.set(row.id, { position, estimatedWaitSeconds: estimate === null ? null : Math.round(estimate * 1000) / 1000, readySeats });
  }
  return out;
}

/** Below this many conversations asked at once each is counted through the index; above, one ranking of the queue serves them all. */
const COUNT_EACH_UP_TO = 8;

async function positionsOf(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, number>> {
  if (ids.length > COUNT_EACH_UP_TO) return rankedPositions(db, workspaceId, ids);
  // 1 + those ahead with the same requirements: waiting ones through conversations_queue_skills (a range
  // of the index, not the whole queue), and unoffered dispatching ones (at most 3 × the ready agents).
  const result = await sql<{ id: string; position: string }>`
    SELECT t.id,
      (SELECT count(*) FROM conversations c
        WHERE c.workspace_id = t.workspace_id AND c.status = 'waiting' AND c.skills = t.skills AND (c.queue_key, c.id) < (t.queue_key, t.id))
      + (SELECT count(*) FROM conversations c
        WHERE c.workspace_id = t.workspace_id AND c.status = 'dispatching' AND c.offer_agent_id IS NULL AND c.skills = t.skills AND (c.queue_key, c.id) < (t.queue_key, t.id))
      + 1 AS position
    FROM conversations t
    WHERE t.workspace_id = ${workspaceId} AND t.id = ${anyOf(ids)} AND t.queue_key IS NOT NULL
      AND (t.status = 'waiting' OR (t.status = 'dispatching' AND t.offer_agent_id IS NULL))`.execute(db);
  return new Map(result.rows.map((r) => [r.id, Number(r.position)]));
}

async function rankedPositions(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, number>> {
  const result = await sql<{ id: string; position: string }>`
    SELECT id, position FROM (
      SELECT id, row_number() OVER (PARTITION BY skills ORDER BY queue_key, id) AS position
      FROM conversations
      WHERE workspace_id = ${workspaceId} AND (status = 'waiting' OR (status = 'dispatching' AND offer_agent_id IS NULL))
    ) ranked WHERE id = ${anyOf(ids)}`.execute(db);
  return new Map(result.rows.map((r) => [r.id, Number(r.position)]));
}

/**
 * An agent's load (R4): its `processing` conversations and its pending offers,
 * each counted through its own partial index (conversations_assignee,
 * conversations_offer_agent). One count with OR between them scanned every
 * open conversation of the workspace once per agent.
 */
export const agentLoadSql = sql<number>`(
  (SELECT count(*) FROM conversations c WHERE c.workspace_id = agents.workspace_id AND c.status = 'processing' AND c.assignee_id = agents.id)
  + (SELECT count(*) FROM conversations c WHERE c.workspace_id = agents.workspace_id AND c.status = 'dispatching' AND c.offer_agent_id = agents.id))`;

async function readyAgents(db: Db, workspaceId: string) {
  const rows = await db
    .selectFrom('agents')
    .select(['id', 'capacity', 'skills'])
    .select(agentLoadSql.as('load'))
    .where('workspace_id', '=', workspaceId)
    .where('presence', '=', 'ready')
    .execute();
  return rows.map((r) => ({ ...r, load: Number(r.load) }));
}

export function averageFor(stored: Record<string, unknown>, skills: readonly string[]): HandleTimeAverage | null {
  const group = stored[groupKey(skills)] as HandleTimeAverage | undefined;
  if (group && group.count >= MIN_GROUP_COMPLETIONS) return group;
  return (stored[ALL] as HandleTimeAverage | undefined) ?? group ?? null;
}

/** Folds handle times (assigned → completed, in seconds, in completion order) into stored averages: the workspace's and each group's. */
export function foldHandleTimes(stored: Record<string, HandleTimeAverage>, completions: ReadonlyArray<{ skills: readonly string[]; seconds: number }>) {
  const next = { ...stored };
  for (const { skills, seconds } of completions) {
    const key = groupKey(skills);
    next[ALL] = addHandleTime(next[ALL] ?? null, seconds, HANDLE_TIME_ALPHA);
    next[key] = addHandleTime(next[key] ?? null, seconds, HANDLE_TIME_ALPHA);
  }
  return next;
}
