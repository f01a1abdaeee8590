import type { Deps } from '../../platform/deps.ts';
import type { ChannelRow } from '../../db/schema.ts';
import type { Attachment, InboundEvent } from '../types.ts';
import type { MediaSource } from './media-types.ts';

/** Before storing: an attachment whose bytes we will fetch says so from the start (`media: 'fetching'`). */
export function markFetching(event: InboundEvent, source: MediaSource | undefined): void {
  if (!source) return;
  for (const a of event.attachments) if (source.fetchable(a)) a.media = 'fetching';
}

/**
 * After storing: one fetch row per such attachment, idempotent on (message,
 * index), so a redelivered webhook (or a retry after a crash between the
 * message and this) queues nothing twice. The worker (worker.ts) does the rest.
 */
export async function enqueueMedia(deps: Deps, channel: ChannelRow, messageId: string, attachments: Attachment[]): Promise<void> {
  const rows = attachments.flatMap((a, idx) =>
    a.media === 'fetching'
      ? [{ id: deps.ids.next('med'), workspace_id: channel.workspace_id, channel_id: channel.id, message_id: messageId, idx, status: 'pending' as const, next_attempt_at: deps.clock.now(), last_error: null, created_at: deps.clock.now(), updated_at: deps.clock.now() }]
      : [],
  );
  if (rows.length === 0) return;
  await deps.db.insertInto('media_fetches').values(rows).onConflict((oc) => oc.columns(['message_id', 'idx']).doNothing()).execute();
}
