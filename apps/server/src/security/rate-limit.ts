import { DomainError } from '@switchboard/core';
import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

export interface Window {
  /** Counter name, e.g. `login:email:ann@example.com`. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface Count {
  count: number;
  /** Seconds until this window ends (what `Retry-After` says). */
  retryAfterSeconds: number;
}

const windowStart = (now: number, windowMs: number) => Math.floor(now / windowMs) * windowMs;
const retryAfter = (now: number, w: Window) => Math.max(1, Math.ceil((windowStart(now, w.windowMs) + w.windowMs - now) / 1000));

/**
 * Fixed-window counters in PostgreSQL, so every process counts against the
 * same number (one upsert per counted request). A window that ended resets the
 * row in the same statement.
 */
export async function hit(db: Database, w: Window, now: number): Promise<Count> {
  const start = windowStart(now, w.windowMs);
  const row = await db
    .insertInto('rate_counters')
    .values({ key: w.key, window_start: start, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`CASE WHEN rate_counters.window_start = ${start} THEN rate_counters.count + 1 ELSE 1 END`,
        window_start: start,
      }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  return { count: row.count, retryAfterSeconds: retryAfter(now, w) };
}

/** The current window's count without counting (a check before the expensive part). */
export async function peek(db: Database, w: Window, now: number): Promise<Count> {
  const row = await db
    .selectFrom('rate_counters')
    .select('count')
    .where('key', '=', w.key)
    .where('window_start', '=', windowStart(now, w.windowMs))
    .executeTakeFirst();
  return { count: row?.count ?? 0, retryAfterSeconds: retryAfter(now, w) };
}

export async function reset(db: Database, key: string): Promise<void> {
  await db.deleteFrom('rate_counters').where('key', '=', key).execute();
}

export function rateLimited(message: string, retryAfterSeconds: number) {
  return new DomainError('RATE_LIMITED', message, { retryAfterSeconds });
}

const PRUNE_EVERY_MS = 60_000;
/** Longer than the longest window (15 minutes): a row this old counts nothing. */
const KEEP_MS = 60 * 60_000;
let lastPrune = Number.NEGATIVE_INFINITY;

/**
 * Counters are keyed by what the caller chose (emails, senders, addresses):
 * ended windows are deleted once a minute so a flood of made-up keys does not
 * grow the table for ever. A scheduled task (main.ts); the throttle is per
 * process and harmless if two processes both prune.
 */
export async function pruneRateCounters(deps: { db: Database; clock: { now(): number } }): Promise<void> {
  const now = deps.clock.now();
  if (now - lastPrune < PRUNE_EVERY_MS) return;
  lastPrune = now;
  await deps.db.deleteFrom('rate_counters').where('window_start', '<', now - KEEP_MS).execute();
}
