import { sql } from 'kysely';
import { hostname } from 'node:os';
import type { OutboxRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';

/**
 * A claim is a lease: its sender renews it every third of this while a send
 * runs (worker.ts), so a live sender keeps its rows however long the platform
 * takes, and a crashed process's claims are free again within this time.
 */
export const LEASE_MS = 15_000;
export const MAX_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 2000;
const BACKOFF_CAP_MS = 10 * 60_000;

/** Who holds a claim, written with it (outbox.claimed_by): for operators and the fault suite, never for a decision. */
export const THIS_SENDER = `${hostname()}/${process.pid}`;

/** 2 s, 4 s, 8 s … capped at 10 min: attempt n failed, try again after this long. */
export const backoffMs = (attempts: number) => Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);

/**
 * Claims due rows for this process: `pending` rows whose time has come and,
 * with `retakeLapsed`, `sending` rows whose lease ran out (their sender died
 * mid-send, or could not renew: runner.ts says when to take those). The claim
 * is one UPDATE over rows picked FOR UPDATE SKIP LOCKED, so two workers never
 * hold one row; a concurrent claimer re-checks the row after our commit, sees
 * the new lease, and passes. Only the oldest unsent message of each
 * conversation is eligible, so a conversation's replies arrive in order.
 */
export async function claimDue(deps: Deps, limit: number, leaseMs = LEASE_MS, retakeLapsed = true): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  const statuses = retakeLapsed ? ['pending', 'sending'] : ['pending'];
  const result = await sql<OutboxRow>`
    UPDATE outbox SET status = 'sending', attempts = attempts + 1, next_attempt_at = ${now + leaseMs}, updated_at = ${now}, claimed_by = ${THIS_SENDER}
    WHERE id IN (
      SELECT o.id FROM outbox o
      WHERE o.status IN ('pending', 'sending') AND o.status = ANY(${statuses}) AND o.next_attempt_at <= ${now}
        AND NOT EXISTS (
          SELECT 1 FROM outbox e
          WHERE e.conversation_id = o.conversation_id AND e.status IN ('pending', 'sending') AND e.seq < o.seq)
      ORDER BY o.next_attempt_at, o.id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(deps.db);
  return result.rows;
}

/** Extends a claim we still hold (same compare-and-set as settling); false when it was lost. */
export async function renewLease(deps: Deps, row: OutboxRow, leaseMs: number): Promise<boolean> {
  const res = await deps.db
    .updateTable('outbox')
    .set({ next_attempt_at: deps.clock.now() + leaseMs })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .executeTakeFirst();
  return res.numUpdatedRows === 1n;
}

/**
 * Hands a claim back at shutdown: due now, for the next process. Attempts
 * stay as they are, so a late verdict of ours loses the compare-and-set.
 */
export async function releaseClaim(deps: Deps, row: OutboxRow): Promise<void> {
  await deps.db
    .updateTable('outbox')
    .set({ status: 'pending', next_attempt_at: deps.clock.now(), updated_at: deps.clock.now() })
    .where('id', '=', row.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', row.attempts)
    .execute();
}
