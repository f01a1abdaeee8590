import { gunzipSync, gzipSync } from 'node:zlib';
import {
  DayInputs,
  FactsRecorder,
  decodeDayFacts,
  decodeDayInputs,
  encodeDayFacts,
  encodeDayInputs,
  inputKey,
  type DayFacts,
  type RecordedInput,
  type RoutingEvent,
  type RoutingSnapshot,
} from '@switchboard/core';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Deps } from '../platform/deps.ts';

/**
 * Replay days (decision 0022-replay-days): once a UTC day of a workspace's
 * routing_inputs is done, its rows become one row of routing_input_days — the
 * inputs in lock order, gzip'd columns (core replay/day-columns.ts; days
 * stored before decision 0036 are gzip'd JSON, and still read), and the
 * engine's state after them — and leave routing_inputs, in one transaction. Rows of a
 * day not compacted yet (today, or a recording from before migration
 * 20261201T1200) stay where they are and are read after the days.
 */
export const DAY_MS = 86_400_000;
/** A day is compacted this long after it ended, when every routing transaction stamped inside it has committed. */
export const SETTLE_MS = 10 * 60_000;
/** How often a process looks for days to compact. */
const CHECK_EVERY_MS = 60_000;
const READ_PAGE = 10_000;
/**
 * Rows one DELETE takes out of routing_inputs. A 1,000-agent day is ~108,000
 * rows with four indexes; in one statement that is seconds on a loaded
 * machine, against PostgreSQL's 5 s statement timeout (db/database.ts). In
 * pages of whole routing versions each statement stays small; the
 * transaction still makes the move all-or-nothing.
 */
export const DELETE_PAGE = 5_000;

export const packJson = (value: unknown): Buffer => gzipSync(typeof value === 'string' ? value : JSON.stringify(value), { level: 6 });
export const unpackText = (bytes: Uint8Array): string => gunzipSync(bytes).toString('utf8');
const packBytes = (bytes: Uint8Array): Buffer => gzipSync(bytes, { level: 6 });

export function dayInputs(bytes: Uint8Array): RecordedInput[] {
  return decodeDayInputs(gunzipSync(bytes));
}

/** A day's inputs to take in stretches (core DayInputs). */
export function dayReader(bytes: Uint8Array): DayInputs {
  return new DayInputs(gunzipSync(bytes));
}

export function dayCheckpoint(bytes: Uint8Array): RoutingSnapshot {
  return JSON.parse(unpackText(bytes)) as RoutingSnapshot;
}

/** A day's reader facts (core replay/facts.ts); null for a day compacted before they were stored. */
export function dayFacts(bytes: Uint8Array | null): DayFacts | null {
  return bytes === null ? null : decodeDayFacts(gunzipSync(bytes));
}

/**
 * Compacts the workspace's oldest day that is done (its end + SETTLE_MS ≤ now):
 * the raw rows up to the last routing_version stamped inside the day. Returns
 * whether a day was compacted. Two processes may try at once: the day's
 * primary key lets one of them through, the other's transaction changes nothing.
 */
export async function compactReplayDay(db: Database, workspaceId: string, now: number, deletePage = DELETE_PAGE): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const oldest = await trx.selectFrom('routing_inputs').select('at').where('workspace_id', '=', workspaceId).orderBy('at').limit(1).executeTakeFirst();
    if (!oldest) return false;
    const prev = await trx
      .selectFrom('routing_input_days')
      .select(['day', 'last_version', 'checkpoint'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('last_version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const dayEnd = Math.floor(oldest.at / DAY_MS) * DAY_MS + DAY_MS;
    if (dayEnd + SETTLE_MS > now) return false;
    const last = await trx
      .selectFrom('routing_inputs')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('workspace_id', '=', workspaceId)
      .where('at', '<', dayEnd)
      .executeTakeFirst();
    const lastVersion = Number(last?.v);
    if (prev && lastVersion <= prev.last_version) return false;
    // One reader over the day, from the previous checkpoint: its facts, and its engine's state at the end (the checkpoint).
    const run = new FactsRecorder(prev ? dayCheckpoint(prev.checkpoint) : null);
    const inputs: RecordedInput[] = [];
    // The last version of each run of about deletePage rows: the delete's page bounds (a version is never split).
    const bounds: number[] = [];
    let sinceBound = 0;
    let after = { version: prev ? prev.last_version : -1, seq: 1_048_575 };
    for (;;) {
      const rows = await trx
        .selectFrom('routing_inputs')
        .select(['version', 'seq', 'at', 'kind', 'event', 'note'])
        .where('workspace_id', '=', workspaceId)
        .where(sql<boolean>`(version, seq) > (${after.version}::int8, ${after.seq}::int4)`)
        .where('version', '<=', lastVersion)
        .orderBy('version')
        .orderBy('seq')
        .limit(READ_PAGE)
        .execute();
      for (const r of rows) {
        const key = inputKey(r.version, r.seq);
        const input: RecordedInput =
          r.kind === 'origin'
            ? { key, at: r.at, kind: 'origin', snapshot: r.event as unknown as RoutingSnapshot }
            : { key, at: r.at, kind: 'event', event: r.event as unknown as RoutingEvent, note: r.note };
        run.feed(input);
        inputs.push(input);
        if (++sinceBound >= deletePage && bounds.at(-1) !== r.version) {
          bounds.push(r.version);
          sinceBound = 0;
        }
      }
      if (rows.length < READ_PAGE) break;
      after = { version: rows[rows.length - 1].version, seq: rows[rows.length - 1].seq };
    }
    const checkpoint = run.snapshot();
    // No origin yet (a recording cut short): nothing to start a later replay from, so the rows stay.
    if (checkpoint === null || inputs.length === 0) return false;
    const day = Math.max(dayEnd - DAY_MS, prev ? prev.day + DAY_MS : -Infinity);
    const inserted = await insertReplayDay(trx, workspaceId, day, inputs, checkpoint, run.take());
    if (!inserted) return false;
    // Pages of versions (from, to]; the first has no lower bound, so nothing at or below lastVersion is left behind.
    let from: number | null = null;
    for (const to of [...bounds, lastVersion]) {
      if (from !== null && to <= from) continue;
      let page = trx.deleteFrom('routing_inputs').where('workspace_id', '=', workspaceId).where('version', '<=', to);
      if (from !== null) page = page.where('version', '>', from);
      await page.execute();
      from = to;
    }
    return true;
  });
}

/** One compacted day: the inputs (versions up to the last one's), the engine's state after them and the reader's facts. False if the day was there already. */
export async function insertReplayDay(
  db: Database,
  workspaceId: string,
  day: number,
  inputs: RecordedInput[],
  checkpoint: RoutingSnapshot,
  facts: DayFacts | null,
): Promise<boolean> {
  const inserted = await db
    .insertInto('routing_input_days')
    .values({
      workspace_id: workspaceId,
      day,
      first_version: Math.floor(inputs[0].key / 1_048_576),
      last_version: Math.floor(inputs[inputs.length - 1].key / 1_048_576),
      inputs: inputs.length,
      first_at: inputs[0].at,
      last_at: inputs.reduce((m, i) => Math.max(m, i.at), -Infinity),
      data: packBytes(encodeDayInputs(inputs)),
      checkpoint: packJson(checkpoint),
      facts: facts === null ? null : packBytes(encodeDayFacts(facts)),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('day')
    .executeTakeFirst();
  return inserted !== undefined;
}

let runningHere = false;
let checkedAt = -Infinity;

/**
 * The scheduler's task: once a minute, in the background (a day takes a
 * second or two of engine work), compacts every finished day of every
 * recording workspace, oldest first.
 */
export async function startReplayCompaction(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  if (runningHere || now - checkedAt < CHECK_EVERY_MS) return 0;
  runningHere = true;
  checkedAt = now;
  void (async () => {
    try {
      const workspaces = await deps.db.selectFrom('workspaces').select('id').where('replay_origin', 'is not', null).execute();
      for (const { id } of workspaces) while (await compactReplayDay(deps.db, id, deps.clock.now()));
    } catch (err) {
      deps.log.warn({ err }, 'replay compaction paused');
    } finally {
      runningHere = false;
    }
  })();
  return 0;
}
