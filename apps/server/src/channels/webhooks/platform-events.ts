import { sql } from 'kysely';
import type { ChannelRow, MessageRow } from '../../db/schema.ts';
import { transact, type Deps } from '../../platform/deps.ts';
import type { Tx } from '../../platform/tx.ts';
import { messageView } from '../../conversations/serialize.ts';
import { emitMessageUpdated, metaOf, patchMeta } from '../platform-meta.ts';
import type { EditEvent, ReactionEvent, UnsendEvent } from '../types.ts';

/**
 * A message by the platform's id: a customer's (external_id, or platformId
 * where the platform's message id is not the key we store it under) or one of
 * ours (the id the platform gave it when we sent it).
 */
export async function messageByPlatformId(tx: Tx, channelId: string, platformId: string): Promise<MessageRow | undefined> {
  if (!platformId) return undefined;
  const mine = await tx.db
    .selectFrom('messages')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where((eb) => eb.or([eb('external_id', '=', platformId), eb(sql`platform_meta->>'platformId'`, '=', platformId)]))
    .forUpdate()
    .executeTakeFirst();
  if (mine) return mine as MessageRow;
  const sent = await tx.db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .selectAll('messages')
    .where('outbox.channel_id', '=', channelId)
    .where('outbox.platform_message_id', '=', platformId)
    .executeTakeFirst();
  return sent as MessageRow | undefined;
}

async function update(deps: Deps, channel: ChannelRow, platformId: string, change: (tx: Tx, m: MessageRow) => Promise<MessageRow | undefined>): Promise<boolean> {
  return transact(deps, async (tx) => {
    const message = await messageByPlatformId(tx, channel.id, platformId);
    const row = message && (await change(tx, message));
    if (row) await emitMessageUpdated(tx, row, messageView);
    return Boolean(row);
  });
}

/** Telegram edits: the new text replaces the old one, which is kept in `edits`; agents see "edited". */
export const applyEdit = (deps: Deps, channel: ChannelRow, e: EditEvent) =>
  update(deps, channel, e.platformMessageId, async (tx, m) => {
    if (m.sender !== 'customer' || m.text === e.text) return undefined;
    const edits = [...(metaOf(m).edits ?? []), { text: m.text, at: metaOf(m).editedAt ?? m.created_at }].slice(-20);
    return patchMeta(tx, m.id, { edits, editedAt: tx.now }, e.text);
  });

/** LINE unsend: the text stays stored (history), agents no longer see it. */
export const applyUnsend = (deps: Deps, channel: ChannelRow, e: UnsendEvent) =>
  update(deps, channel, e.platformMessageId, async (tx, m) => (metaOf(m).unsentAt === undefined ? patchMeta(tx, m.id, { unsentAt: tx.now }) : undefined));

/** A customer's reaction, on the message it reacts to (ours or theirs); an empty emoji takes it back. */
export const applyReaction = (deps: Deps, channel: ChannelRow, e: ReactionEvent) =>
  update(deps, channel, e.platformMessageId, (tx, m) => patchMeta(tx, m.id, { reaction: e.emoji || null }));
