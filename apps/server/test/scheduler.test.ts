import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Deps } from '../src/platform/deps.ts';
import { BACKGROUND_MS, startScheduler } from '../src/scheduler/scheduler.ts';

/** The scheduler's beat (decision 0045): deadline tasks every beat, background tasks at their own pace. */
describe('the scheduler', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const log = { info: () => {}, warn: () => {}, error: () => {} };
  const deps = { log } as unknown as Deps;

  it('runs a deadline task on every beat and a paced one once a second', async () => {
    const ran = { beat: 0, paced: 0 };
    const stop = startScheduler(deps, [async () => ran.beat++, { run: async () => ran.paced++, everyMs: BACKGROUND_MS }], 250);
    await vi.advanceTimersByTimeAsync(3000);
    stop();
    expect(ran.beat).toBe(12);
    // The first beat (250 ms), then 1,250, 2,250: once per second, never twice within one.
    expect(ran.paced).toBe(3);
  });

  it('keeps to the pace when beats are skipped because one ran long', async () => {
    const at: number[] = [];
    let slow = true;
    const stop = startScheduler(
      deps,
      [
        async () => {
          if (slow) await new Promise((r) => setTimeout(r, 900));
          slow = false;
        },
        { run: async () => void at.push(Date.now()), everyMs: 1000 },
      ],
      250,
    );
    const start = Date.now();
    await vi.advanceTimersByTimeAsync(4000);
    stop();
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(at[0]! - start).toBeGreaterThanOrEqual(1150);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(875);
    expect(at.length).toBeGreaterThanOrEqual(2);
  });
});
