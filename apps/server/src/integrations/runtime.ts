import type { Deps } from '../platform/deps.ts';
import { startScheduler } from '../scheduler/scheduler.ts';
import { claimDueDeliveries, sendDelivery } from './webhook-delivery.ts';
import { runWebhookFeed } from './webhook-feed.ts';

const BEAT_MS = 500;
/** Sends in flight per process: a slow receiver holds one slot for at most its timeout, never the beat. */
const IN_FLIGHT = 32;

/**
 * Webhooks of a running server: each beat turns new stream events into
 * deliveries and starts the due ones without waiting for them (one slow
 * receiver does not hold up another workspace's). Stopping waits up to
 * `drainMs` for sends in flight; an unfinished one is retaken by any process
 * once its lease ends.
 */
export function startIntegrations(deps: Deps): (drainMs: number) => Promise<void> {
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  const beat = async (d: Deps) => {
    if (stopped) return;
    await runWebhookFeed(d);
    const room = IN_FLIGHT - inFlight.size;
    if (room <= 0) return;
    for (const row of await claimDueDeliveries(d, room)) {
      const send: Promise<unknown> = sendDelivery(d, row)
        .catch((error: unknown) => d.log.warn({ err: error, deliveryId: row.id }, 'webhook delivery failed to settle; its lease will run out'))
        .finally(() => inFlight.delete(send));
      inFlight.add(send);
    }
  };
  const stopBeat = startScheduler(deps, [beat], BEAT_MS);
  return async (drainMs) => {
    stopped = true;
    stopBeat();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all([...inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
    clearTimeout(timer);
  };
}
