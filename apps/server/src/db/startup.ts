import type { Logger } from 'pino';
import type { DatabaseHandle } from './database.ts';
import { isDatabaseUnavailable } from './unavailable.ts';

const FIRST_WAIT_MS = 250;
const MAX_WAIT_MS = 5000;
// Any constant works: the same in every process of a deployment, and not migrate.ts's.
const SEED_LOCK = 728_302;

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` (the first statements of a start) until the database answers: a
 * server started before its PostgreSQL (a host reboot, a deploy of both)
 * waits, logging each try, instead of exiting. 0.25 s, 0.5 s … at most 5 s
 * between tries. Any other error ends the wait at once.
 */
export async function untilDatabaseAnswers<T>(log: Logger, fn: () => Promise<T>, sleep: Sleep = realSleep): Promise<T> {
  for (let attempt = 1, wait = FIRST_WAIT_MS; ; attempt++, wait = Math.min(wait * 2, MAX_WAIT_MS)) {
    try {
      return await fn();
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      log.warn({ attempt, retryInMs: wait, reason: (error as Error).message }, 'database unavailable at start; waiting for it');
      await sleep(wait);
    }
  }
}

/**
 * Runs `fn` again while the database is away, for at most `giveUpMs`
 * (Infinity: until it answers): for a write that must not be lost to a
 * PostgreSQL restart (the outbox recording that a platform accepted a
 * message). Other errors pass at once.
 */
export async function retryWhileUnavailable<T>(fn: () => Promise<T>, giveUpMs: number, sleep: Sleep = realSleep): Promise<T> {
  const until = Date.now() + giveUpMs;
  // Every 0.25 s, not backing off: the first try after the database is back should beat another process's claim of an expired lease.
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() + FIRST_WAIT_MS > until) throw error;
      await sleep(FIRST_WAIT_MS);
    }
  }
}

/**
 * First-start work that checks then inserts (the admin token's workspace, the
 * demo seed) under one advisory lock, so processes starting together on an
 * empty database do it once: the second waits, then finds the first's rows.
 * PGlite belongs to one process, and lends its one connection to the lock
 * holder, so there it runs without one.
 */
export async function underSeedLock<T>(handle: DatabaseHandle, fn: () => Promise<T>): Promise<T> {
  if (handle.kind === 'pglite') return fn();
  return handle.session(async (exec) => {
    await exec(`SELECT pg_advisory_lock(${SEED_LOCK})`);
    try {
      return await fn();
    } finally {
      await exec(`SELECT pg_advisory_unlock(${SEED_LOCK})`);
    }
  });
}
