import type { Deps } from '../platform/deps.ts';
import { runDueTimers } from './due-timers.ts';

export type DueTimerTask = (deps: Deps) => Promise<unknown>;

/**
 * The one real interval in the product. Each beat runs every registered task
 * once; a beat never overlaps the previous one.
 */
export function startScheduler(deps: Deps, tasks: DueTimerTask[] = [runDueTimers], everyMs = 250) {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      for (const task of tasks) await task(deps);
    } catch (error) {
      deps.log.error({ err: error }, 'scheduled task failed');
    } finally {
      running = false;
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
