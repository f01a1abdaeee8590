import type { OutboxRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import { claimDue, releaseClaim } from './claim.ts';
import { deliver } from './worker.ts';
import { RetakeGate } from './retake-gate.ts';

const BATCH = 20;

export interface OutboxRunner {
  /** One beat of the scheduler: claim what is due and send it. Does nothing once draining. */
  beat(deps: Deps): Promise<void>;
  /**
   * Stops claiming and waits up to `timeoutMs` for the sends in flight to be
   * settled; the claims still open then are handed back (due at once for the
   * next process) before the database closes. Resolves to how many were.
   */
  drain(timeoutMs: number): Promise<number>;
}

/** The outbox of a running server: the state a graceful shutdown needs (what is in flight). */
export function outboxRunner(deps: Deps, leaseMs: number): OutboxRunner {
  const open = new Map<string, OutboxRow>();
  const gate = new RetakeGate(deps.clock, leaseMs);
  const failed = (error: unknown) => gate.failed(error);
  let current: Promise<void> = Promise.resolve();
  let draining = false;
  const beat = async () => {
    if (draining) return;
    const run = (async () => {
      const rows = await claimDue(deps, BATCH, leaseMs, gate.open).catch((error) => {
        gate.failed(error);
        throw error;
      });
      gate.reached();
      for (const row of rows) open.set(row.id, row);
      await Promise.all(rows.map((row) => deliver(deps, row, leaseMs, failed).finally(() => open.delete(row.id))));
    })();
    current = run.catch(() => {});
    await run;
  };
  const drain = async (timeoutMs: number) => {
    draining = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([current, timedOut]);
    clearTimeout(timer);
    const left = [...open.values()];
    await Promise.all(left.map((row) => releaseClaim(deps, row).catch((error) => deps.log.warn({ err: error, outboxId: row.id }, 'could not hand an outbox claim back; its lease will run out'))));
    if (left.length > 0) deps.log.warn({ count: left.length }, 'outbox sends still running at shutdown were handed back');
    return left.length;
  };
  return { beat, drain };
}
