import { notFound } from '@switchboard/core';
import { sql } from 'kysely';
import type { WebhookRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { newToken } from '../platform/secrets.ts';
import type { Tx } from '../platform/tx.ts';
import { recordAudit } from '../security/audit.ts';

/** The additional data a webhook's sealed secret is bound to: copied to another row, it does not open. */
export const webhookBinding = (id: string) => `webhook:${id}`;

export const webhookView = (w: WebhookRow) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  includePrivate: w.include_private,
  createdAt: new Date(w.created_at).toISOString(),
});

/**
 * A webhook receives the workspace's stream events from the moment it is
 * created (its `from_seq`); the workspace's feed row starts there too when it
 * is the first. The secret is shown once and kept sealed (it must be read
 * back to sign, so it is not a hash).
 */
export async function createWebhook(deps: Deps, p: Principal, input: { url: string; events: string[]; includePrivate?: boolean }) {
  const secret = newToken('whsec');
  return transact(deps, async (tx) => {
    const current = await streamSeq(tx, p.workspaceId);
    const id = deps.ids.next('whk');
    const row = await tx.db
      .insertInto('webhooks')
      .values({
        id,
        workspace_id: p.workspaceId,
        url: input.url,
        events: JSON.stringify([...new Set(input.events)]),
        include_private: input.includePrivate ?? false,
        secret_sealed: deps.secrets.seal(secret, webhookBinding(id)),
        from_seq: current,
        created_by: p.agentId,
        created_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await tx.db.insertInto('webhook_feeds').values({ workspace_id: p.workspaceId, seq: current }).onConflict((oc) => oc.column('workspace_id').doNothing()).execute();
    const view = webhookView(row);
    await recordAudit(tx, p, 'webhook.created', 'webhook', id, null, view);
    return { ...view, secret };
  });
}

async function streamSeq(tx: Tx, workspaceId: string): Promise<number> {
  const { rows } = await sql<{ seq: number }>`SELECT seq FROM stream_cursors WHERE workspace_id = ${workspaceId}`.execute(tx.db);
  return Number(rows[0]?.seq ?? 0);
}

export async function listWebhooks(deps: Deps, p: Principal) {
  const rows = await deps.db.selectFrom('webhooks').selectAll().where('workspace_id', '=', p.workspaceId).orderBy('created_at').orderBy('id').execute();
  return { items: rows.map(webhookView) };
}

async function webhookRow(deps: Deps | Tx, workspaceId: string, id: string) {
  const row = await deps.db.selectFrom('webhooks').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('webhook', id);
  return row;
}

/** Its pending deliveries go with it (ON DELETE CASCADE): a send already in flight finishes, its verdict finds no row. */
export async function deleteWebhook(deps: Deps, p: Principal, id: string) {
  await transact(deps, async (tx) => {
    const row = await webhookRow(tx, p.workspaceId, id);
    await tx.db.deleteFrom('webhooks').where('id', '=', id).execute();
    // The last one gone: stop reading the workspace's stream (a new webhook starts the feed at its own moment).
    const left = await tx.db.selectFrom('webhooks').select('id').where('workspace_id', '=', p.workspaceId).limit(1).executeTakeFirst();
    if (!left) await tx.db.deleteFrom('webhook_feeds').where('workspace_id', '=', p.workspaceId).execute();
    await recordAudit(tx, p, 'webhook.deleted', 'webhook', id, webhookView(row), null);
  });
}

/** Newest first, each with every attempt (status code, our error words, outcome, time). */
export async function listDeliveries(deps: Deps, p: Principal, id: string, q: { limit: number; before?: string }) {
  await webhookRow(deps, p.workspaceId, id);
  let query = deps.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', id);
  if (q.before) query = query.where('id', '<', q.before);
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
  const attempts = rows.length
    ? await deps.db
        .selectFrom('webhook_attempts')
        .selectAll()
        .where(
          'delivery_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    items: rows.map((r) => ({
      id: r.id,
      event: { type: r.event_type, cursor: r.event_seq },
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' || r.status === 'sending' ? iso(r.next_attempt_at) : null,
      deliveredAt: iso(r.delivered_at),
      createdAt: iso(r.created_at),
      log: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({ attempt: a.attempt, at: iso(a.at), durationMs: a.duration_ms, statusCode: a.status_code, error: a.error, outcome: a.outcome })),
    })),
    nextBefore: rows.length === q.limit ? rows.at(-1)!.id : null,
  };
}
