import { DomainError } from '@switchboard/core';
import { sql } from 'kysely';
import type { MediaFetchesTable, MessageRow } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import { transact, type Deps } from '../../platform/deps.ts';
import { channelBinding } from '../../platform/secret-box.ts';
import { messageView } from '../../conversations/serialize.ts';
import { emitMessageUpdated } from '../platform-meta.ts';
import { adapterFor } from '../registry.ts';
import { DeliveryError, type Attachment, type Secrets } from '../types.ts';

type FetchRow = Selectable<MediaFetchesTable>;

const BATCH = 10;
export const MEDIA_LEASE_MS = 120_000;
export const MEDIA_MAX_ATTEMPTS = 6;
/** 5 s, 10 s, 20 s … : Messenger and Instagram URLs expire within hours, so retries stay close together. */
export const mediaBackoffMs = (attempts: number) => Math.min(5000 * 2 ** Math.max(0, attempts - 1), 10 * 60_000);

/** Claims due fetches (pending, or fetching with an expired lease) for this process, as the outbox does. */
async function claim(deps: Deps, leaseMs: number): Promise<FetchRow[]> {
  const now = deps.clock.now();
  const res = await sql<FetchRow>`
    UPDATE media_fetches SET status = 'fetching', attempts = attempts + 1, next_attempt_at = ${now + leaseMs}, updated_at = ${now}
    WHERE id IN (
      SELECT id FROM media_fetches WHERE status IN ('pending', 'fetching') AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
    RETURNING *`.execute(deps.db);
  return res.rows;
}

/** Fetches every media due at deps.clock.now() once (tests call this; the runtime beats it). */
export async function runMediaOnce(deps: Deps, leaseMs = MEDIA_LEASE_MS): Promise<number> {
  const rows = await claim(deps, leaseMs);
  await Promise.all(rows.map((row) => fetchOne(deps, row).catch((error) => deps.log.error({ err: error, mediaId: row.id }, 'media fetch could not be recorded; its lease will run out'))));
  return rows.length;
}

async function fetchOne(deps: Deps, row: FetchRow): Promise<void> {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', row.channel_id).executeTakeFirstOrThrow();
  const message = await deps.db.selectFrom('messages').select(['attachments', 'conversation_id']).where('id', '=', row.message_id).executeTakeFirstOrThrow();
  const a = (message.attachments as Attachment[])[row.idx];
  const source = adapterFor(channel.type)?.media;
  try {
    if (!a || !source) throw new DeliveryError('NOT_FETCHABLE: nothing to fetch for this attachment', true);
    const secrets = deps.secrets.open<Secrets>(channel.secrets, channelBinding(channel.id)) ?? {};
    const got = await source.fetch(a, { deps, channel, config: channel.config, secrets, maxBytes: deps.attachments.limits.maxBytes });
    const name = typeof a.filename === 'string' ? a.filename : got.name;
    const ref = await deps.attachments.save(
      deps.db,
      { workspaceId: row.workspace_id, source: 'channel', bytes: got.bytes, name, contentType: got.contentType ?? (a.contentType as string | undefined), conversationId: message.conversation_id },
      deps.clock.now(),
    );
    await settle(deps, row, 'stored', { ...a, ...ref, media: 'stored', mediaError: undefined });
  } catch (error) {
    const permanent = (error instanceof DeliveryError && error.permanent) || error instanceof DomainError;
    const reason = (error as Error).message.slice(0, 500);
    if (permanent || row.attempts >= MEDIA_MAX_ATTEMPTS) await settle(deps, row, 'failed', { ...a, media: 'failed', mediaError: reason }, reason);
    else await retryLater(deps, row, reason);
  }
}

/** The fetch row and the message's attachment change together; a late worker whose lease ran out changes neither. */
async function settle(deps: Deps, row: FetchRow, status: 'stored' | 'failed', attachment: Record<string, unknown>, error: string | null = null): Promise<void> {
  await transact(deps, async (tx) => {
    const res = await tx.db
      .updateTable('media_fetches')
      .set({ status, last_error: error, updated_at: tx.now })
      .where('id', '=', row.id)
      .where('status', '=', 'fetching')
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (res.numUpdatedRows !== 1n) return;
    const clean = JSON.stringify(Object.fromEntries(Object.entries(attachment).filter(([, v]) => v !== undefined)));
    const updated = await sql<MessageRow>`
      UPDATE messages SET attachments = jsonb_set(attachments, ARRAY[${String(row.idx)}::text], ${clean}::jsonb)
      WHERE id = ${row.message_id} RETURNING *`.execute(tx.db);
    if (updated.rows[0]) await emitMessageUpdated(tx, updated.rows[0], messageView);
  });
}

async function retryLater(deps: Deps, row: FetchRow, error: string): Promise<void> {
  await deps.db
    .updateTable('media_fetches')
    .set({ status: 'pending', last_error: error, next_attempt_at: deps.clock.now() + mediaBackoffMs(row.attempts), updated_at: deps.clock.now() })
    .where('id', '=', row.id)
    .where('status', '=', 'fetching')
    .where('attempts', '=', row.attempts)
    .execute();
}
