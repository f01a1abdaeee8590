import { isDatabaseUnavailable, isPoolExhausted } from '../db/unavailable.ts';
import type { Deps } from '../platform/deps.ts';
import { runDueTimers } from './due-timers.ts';

export type DueTimerTask = (deps: Deps) => Promise<unknown>;

/** A task that needs no beat's precision: run on a beat at most once per `everyMs`. */
export interface PacedTask {
  run: DueTimerTask;
  everyMs: number;
}

export type ScheduledTask = DueTimerTask | PacedTask;

/** The pace of the tasks whose work waits for nobody to the quarter second (search terms, report roll-ups, jobs, pruning). */
export const BACKGROUND_MS = 1000;

/**
 * The one real interval in the product. Each beat runs every registered task
 * once — a paced task only when its own period has passed since it last ran —
 * and a beat never overlaps the previous one. Each task's query is a round
 * trip on the event loop the requests share: four a second for a dozen tasks
 * was an eighth of a busy process's statements (decision 0045).
 */
export function startScheduler(deps: Deps, tasks: ScheduledTask[] = [runDueTimers], everyMs = 250) {
  let running = false;
  let databaseAway = false;
  const lastRun = new Map<number, number>();
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      for (const [i, task] of tasks.entries()) {
        if (typeof task === 'function') await task(deps);
        else if (Date.now() - (lastRun.get(i) ?? -Infinity) >= task.everyMs - everyMs / 2) {
          lastRun.set(i, Date.now());
          await task.run(deps);
        }
      }
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
