import { DomainError, allowsFreeText, hasMessagingWindow, messagingWindow, type MessagingWindow } from '@switchboard/core';
import { sql } from 'kysely';
import type { ConversationRow } from '../../db/schema.ts';
import type { Database } from '../../db/database.ts';

type Conv = Pick<ConversationRow, 'contact_id' | 'channel_id'>;

/**
 * The customer's latest message on this channel, whichever conversation it is
 * in: Meta counts the window per customer, not per our conversation.
 */
export async function lastCustomerAt(db: Database, conv: Conv): Promise<number | null> {
  const row = await sql<{ at: string | number | null }>`
    SELECT max(m.created_at) AS at FROM messages m JOIN conversations c ON c.id = m.conversation_id
    WHERE c.contact_id = ${conv.contact_id} AND c.channel_id = ${conv.channel_id} AND m.sender = 'customer'`.execute(db);
  const at = row.rows[0]?.at;
  return at === null || at === undefined ? null : Number(at);
}

export async function windowOf(db: Database, conv: Conv, channelType: string, now: number): Promise<MessagingWindow & { lastCustomerAt: number | null }> {
  if (!hasMessagingWindow(channelType)) return { ...messagingWindow(channelType, null, now), lastCustomerAt: null };
  const last = await lastCustomerAt(db, conv);
  return { ...messagingWindow(channelType, last, now), lastCustomerAt: last };
}

/**
 * Refuses, before anything is stored, a free-text reply the platform would
 * refuse: WhatsApp after 24 hours (a template is needed), Messenger and
 * Instagram after 7 days (or after 24 hours for anything but a person).
 */
export async function assertFreeTextAllowed(db: Database, conv: Conv, channelType: string, now: number, sender: 'agent' | 'bot' | 'system'): Promise<void> {
  if (!hasMessagingWindow(channelType)) return;
  const w = await windowOf(db, conv, channelType, now);
  if (allowsFreeText(w, sender)) return;
  const why =
    w.state === 'template_only'
      ? 'WhatsApp accepts free text only within 24 hours of the customer\'s last message: send an approved template (POST /conversations/:id/template-messages)'
      : `${channelType} accepts no message more than 7 days after the customer's last one (24 hours for anything but a person): wait for the customer to write`;
  throw new DomainError('REPLY_WINDOW_CLOSED', why, { state: w.state, lastCustomerMessageAt: w.lastCustomerAt === null ? null : new Date(w.lastCustomerAt).toISOString() });
}
