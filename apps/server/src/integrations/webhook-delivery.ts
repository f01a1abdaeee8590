import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { WebhookDeliveryRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import { OutboundError } from '../platform/outbound-http.ts';
import { webhookBinding } from './webhooks.ts';

/** The receiver answers within this, or the attempt fails (and is retried). Shorter than the lease. */
export const REQUEST_TIMEOUT_MS = 10_000;
/** A claim lasts this long; a process that died mid-send has its deliveries retaken after it. */
export const LEASE_MS = 30_000;
export const MAX_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_CAP_MS = 60 * 60_000;
export const SIGNATURE_HEADER = 'x-switchboard-signature';

/** Attempt n failed: try again after 10 s, 20 s, 40 s … capped at an hour (ten attempts span about 1.4 hours). */
export const backoffMs = (attempts: number) => Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);

/** `sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the webhook's secret. */
export const signature = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Sends in flight per webhook, across every process: one receiver that hangs cannot take every slot. */
export const PER_WEBHOOK = 4;
/** Due rows looked at per claim (oldest first), so a large backlog costs each beat a bounded read. */
const SCAN = 1000;

/**
 * Claims due deliveries for this process: pending ones whose time came, and
 * sending ones whose lease ran out (their sender died). One UPDATE over rows
 * picked FOR UPDATE SKIP LOCKED, as the outbox does: two processes never
 * hold one delivery. At most PER_WEBHOOK of one webhook are out at once
 * (leases still running count), so a slow or dead receiver of one workspace
 * leaves the other webhooks their turn (SPEC §7: one workspace cannot slow
 * another).
 *
 * The due test is repeated on the locking level on purpose: the ranked list
 * is read from the statement's snapshot, and a row another claimer took and
 * committed meanwhile is re-checked (READ COMMITTED re-evaluates only the
 * locking level's own conditions on the newest version). Without it, a
 * delivery claimed a moment earlier matched again by id and was sent twice.
 * The PER_WEBHOOK count is read from the snapshot too, so claimers racing
 * can briefly exceed it; it is a fairness bound, not a promise.
 */
export async function claimDueDeliveries(deps: Deps, limit: number): Promise<WebhookDeliveryRow[]> {
  const now = deps.clock.now();
  const { rows } = await sql<WebhookDeliveryRow>`
    UPDATE webhook_deliveries SET status = 'sending', attempts = attempts + 1, next_attempt_at = ${now + LEASE_MS}
    WHERE id IN (
      SELECT id FROM webhook_deliveries
      WHERE id IN (
        SELECT ranked.id FROM (
          SELECT due.id, due.webhook_id, row_number() OVER (PARTITION BY due.webhook_id ORDER BY due.next_attempt_at, due.id) AS rn
          FROM (
            SELECT id, webhook_id, next_attempt_at FROM webhook_deliveries
            WHERE status IN ('pending', 'sending') AND next_attempt_at <= ${now}
            ORDER BY next_attempt_at, id LIMIT ${SCAN}) due) ranked
        WHERE ranked.rn + (
          SELECT count(*) FROM webhook_deliveries busy
          WHERE busy.webhook_id = ranked.webhook_id AND busy.status = 'sending' AND busy.next_attempt_at > ${now}) <= ${PER_WEBHOOK})
        AND status IN ('pending', 'sending') AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(deps.db);
  return rows;
}

type Verdict = { outcome: 'delivered' | 'retry' | 'failed'; statusCode: number | null; error: string | null };

/** One attempt: sign, POST through the outbound client (no redirects followed), record the verdict. */
export async function sendDelivery(deps: Deps, row: WebhookDeliveryRow): Promise<Verdict['outcome'] | 'gone'> {
  const webhook = await deps.db.selectFrom('webhooks').select(['url', 'secret_sealed']).where('id', '=', row.webhook_id).executeTakeFirst();
  if (!webhook) return 'gone';
  const started = performance.now();
  const verdict = await attempt(deps, row, webhook.url, deps.secrets.open<string>(webhook.secret_sealed, webhookBinding(row.webhook_id)) ?? '');
  await settle(deps, row, verdict, Math.round(performance.now() - started));
  return verdict.outcome;
}

async function attempt(deps: Deps, row: WebhookDeliveryRow, url: string, secret: string): Promise<Verdict> {
  const retryOr = (error: string, statusCode: number | null = null): Verdict => ({ outcome: row.attempts >= MAX_ATTEMPTS ? 'failed' : 'retry', statusCode, error });
  try {
    const res = await deps.outbound.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        [SIGNATURE_HEADER]: signature(secret, row.body),
        'x-switchboard-event': row.event_type,
        'x-switchboard-delivery': row.id,
      },
      body: row.body,
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxBytes: 64 * 1024,
      maxRedirects: 0,
    });
    if (res.status >= 200 && res.status < 300) return { outcome: 'delivered', statusCode: res.status, error: null };
    return retryOr(`HTTP_${res.status}`, res.status);
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    // A refused or malformed address will not become reachable by waiting: no retries (docs/errors.md OUTBOUND_REFUSED).
    if (error.kind === 'refused' || error.kind === 'bad_url') return { outcome: 'failed', statusCode: null, error: `OUTBOUND_REFUSED: ${error.message}` };
    // A redirect counts as a failed attempt: receivers answer 2xx at the URL they registered.
    return retryOr(`${error.kind.toUpperCase()}: ${error.message}`);
  }
}

/**
 * The verdict and its log row in one transaction, compare-and-set on the
 * attempt we claimed: a process whose lease ran out and was retaken writes
 * nothing (the newer attempt owns the row).
 */
async function settle(deps: Deps, row: WebhookDeliveryRow, v: Verdict, durationMs: number) {
  await transact(deps, async (tx) => {
    const next =
      v.outcome === 'delivered'
        ? { status: 'delivered' as const, delivered_at: tx.now }
        : v.outcome === 'failed'
          ? { status: 'failed' as const }
          : { status: 'pending' as const, next_attempt_at: tx.now + backoffMs(row.attempts) };
    const res = await tx.db
      .updateTable('webhook_deliveries')
      .set(next)
      .where('id', '=', row.id)
      .where('status', '=', 'sending')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (res.numUpdatedRows !== 1n) return;
    await tx.db
      .insertInto('webhook_attempts')
      .values({ delivery_id: row.id, attempt: row.attempts, at: tx.now, duration_ms: durationMs, status_code: v.statusCode, error: v.error, outcome: v.outcome })
      .execute();
  });
}

/** Claims what is due and sends it, waiting for every send (tests, and the runner's unit of work). */
export async function deliverDueWebhooks(deps: Deps, limit = 20): Promise<number> {
  const rows = await claimDueDeliveries(deps, limit);
  await Promise.all(rows.map((row) => sendDelivery(deps, row)));
  return rows.length;
}
