import type { Clock } from '@switchboard/core';
import { isDatabaseUnavailable, isPoolExhausted } from '../../db/unavailable.ts';

/**
 * When this process may retake claims whose lease lapsed. A lease lapses
 * when its holder died — and also when a live holder could not renew it
 * because the database was away; that holder may have the platform's answer
 * in hand, recording it the moment the database is back (worker.ts). Retaken
 * first, the message would go out twice. So lapsed claims are retaken only
 * by a process that has had the database for one whole lease, since it
 * started or since it last saw the database away: by then a live holder has
 * renewed its lease or recorded its send, and what is still lapsed belongs
 * to a dead one. A crashed process's claims wait at most one more lease.
 */
export class RetakeGate {
  private since: number;
  private away = false;

  constructor(
    private readonly clock: Clock,
    private readonly leaseMs: number,
  ) {
    this.since = clock.now();
  }

  get open(): boolean {
    return !this.away && this.clock.now() - this.since >= this.leaseMs;
  }

  /**
   * Any outbox statement of this process that failed: a database away closes
   * the gate, and so does a pool with no free connection (busy, not away —
   * but a holder in the same plight could not renew its lease either).
   */
  failed(error: unknown) {
    if (isDatabaseUnavailable(error) || isPoolExhausted(error)) this.away = true;
  }

  /** A claim went through: the database is back, and the whole-lease wait starts now. */
  reached() {
    if (!this.away) return;
    this.away = false;
    this.since = this.clock.now();
  }
}
