import { sql } from 'kysely';
import type { WebhookRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';

/** Events read per workspace per beat; a backlog drains over the following beats. */
const BATCH = 500;

interface StoredEvent {
  type: string;
  data: Record<string, unknown>;
}

/** `message.created`, `conversation.*` or `*`. */
export function matches(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** SPEC §5: internal notes never leave the server, unless the webhook was made to carry them. */
export const isPrivate = (e: StoredEvent) => e.type.startsWith('message.') && e.data?.private === true;

export function wants(webhook: WebhookRow, seq: number, event: StoredEvent): boolean {
  if (seq <= webhook.from_seq || !matches(webhook.events, event.type)) return false;
  return webhook.include_private || !isPrivate(event);
}

/** What the receiver gets (and what is signed): the event as the stream numbered it. */
export const deliveryBody = (deliveryId: string, webhookId: string, seq: number, occurredAt: string, event: StoredEvent) =>
  JSON.stringify({ id: deliveryId, webhookId, type: event.type, cursor: seq, occurredAt, data: event.data });

/**
 * Turns committed stream events (stream_events, numbered after each change's
 * COMMIT, so a reader that sees n+1 has n) into delivery rows, per workspace
 * that has webhooks. A workspace's feed row is held FOR UPDATE SKIP LOCKED:
 * one process at a time reads it, and the deliveries and the new position
 * commit together, so an event becomes a delivery once (the unique
 * (webhook, event) pair makes a repeat harmless anyway). Returns how many
 * deliveries were made.
 */
export async function runWebhookFeed(deps: Deps): Promise<number> {
  const { rows: due } = await sql<{ workspace_id: string }>`
    SELECT f.workspace_id FROM webhook_feeds f JOIN stream_cursors c ON c.workspace_id = f.workspace_id WHERE c.seq > f.seq`.execute(deps.db);
  let made = 0;
  for (const { workspace_id } of due) made += await feedWorkspace(deps, workspace_id);
  return made;
}

async function feedWorkspace(deps: Deps, workspaceId: string): Promise<number> {
  return transact(deps, async (tx) => {
    const feed = await tx.db.selectFrom('webhook_feeds').selectAll().where('workspace_id', '=', workspaceId).forUpdate().skipLocked().executeTakeFirst();
    if (!feed) return 0;
    const { rows: events } = await sql<{ seq: number; event: StoredEvent; created_at: Date }>`
      SELECT seq, event, created_at FROM stream_events
      WHERE workspace_id = ${workspaceId} AND seq > ${feed.seq}
      ORDER BY seq LIMIT ${BATCH}`.execute(tx.db);
    if (events.length === 0) return 0;
    const webhooks = await tx.db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).execute();
    const deliveries = [];
    for (const e of events) {
      const seq = Number(e.seq);
      for (const w of webhooks) {
        if (!wants(w, seq, e.event)) continue;
        const id = deps.ids.next('whd');
        deliveries.push({
          id,
          webhook_id: w.id,
          workspace_id: workspaceId,
          event_seq: seq,
          event_type: e.event.type,
          body: deliveryBody(id, w.id, seq, new Date(e.created_at).toISOString(), e.event),
          status: 'pending' as const,
          attempts: 0,
          next_attempt_at: tx.now,
          created_at: tx.now,
          delivered_at: null,
        });
      }
    }
    if (deliveries.length > 0) {
      await tx.db.insertInto('webhook_deliveries').values(deliveries).onConflict((oc) => oc.columns(['webhook_id', 'event_seq']).doNothing()).execute();
    }
    await tx.db.updateTable('webhook_feeds').set({ seq: Number(events.at(-1)!.seq) }).where('workspace_id', '=', workspaceId).execute();
    return deliveries.length;
  });
}
