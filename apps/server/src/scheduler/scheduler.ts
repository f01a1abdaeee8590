import { isDatabaseUnavailable, isPoolExhausted } from '../db/unavailable.ts';
import type { Deps } from '../platform/deps.ts';
import { runDueTimers } from './due-timers.ts';

export type DueTimerTask = (deps: Deps) => Promise<unknown>;

/**
 * The one real interval in the product. Each beat runs every registered task
 * once; a beat never overlaps the previous one.
 */
export function startScheduler(deps: Deps, tasks: DueTimerTask[] = [runDueTimers], everyMs = 250) {
  let running = false;
  let databaseAway = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      for (const task of tasks) await task(deps);
      if (databaseAway) deps.log.info('database reachable again; scheduled tasks resume');
      databaseAway = false;
    } catch (error) {
      // A PostgreSQL restart fails every beat until it is back: said once, not four times a second.
      // Every pooled connection busy: the next beat tries again (a warning, not a failure of ours).
      if (isPoolExhausted(error)) deps.log.warn({ reason: (error as Error).message }, 'scheduled tasks waited too long for a database connection; next beat');
      else if (!isDatabaseUnavailable(error)) deps.log.error({ err: error }, 'scheduled task failed');
      else if (!databaseAway) deps.log.warn({ reason: (error as Error).message }, 'database unavailable; scheduled tasks wait for it');
      databaseAway ||= isDatabaseUnavailable(error);
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
