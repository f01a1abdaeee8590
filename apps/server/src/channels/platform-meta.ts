import { documentTerms } from '@switchboard/core';
import { sql } from 'kysely';
import type { MessageRow } from '../db/schema.ts';
import type { Tx } from '../platform/tx.ts';

/**
 * What a platform tells us about one message beyond its text and attachments
 * (`messages.platform_meta`), and what we learn of it later. Written by the
 * channel adapters, read by the senders, shown to agents through platformView.
 */
export type PlatformMeta = {
  /** The platform's id of this message when external_id is something else (Telegram: `chat:message_id`). */
  platformId?: string;
  /** LINE: the event's reply token (one use, about a minute). Never shown. */
  replyToken?: string;
  /** LINE: the outbox row that used the reply token (so it is used once). */
  replyTokenUsedBy?: string;
  /** Who spoke in a group or room (the contact is the group). */
  speaker?: { id: string; name?: string };
  /** The message this one answers (Telegram reply_to_message, LINE quote). */
  replyTo?: { platformId?: string; text?: string; from?: string };
  /** Telegram forwards: who wrote it first. */
  forwardedFrom?: string;
  /** E-mail subject. */
  subject?: string;
  /** E-mail: the earlier conversation this mail answers (In-Reply-To/References), when it is not the one it joined. */
  thread?: { conversationId: string };
  /** Texts this message had before each edit, oldest first (Telegram edited_message). */
  edits?: Array<{ text: string; at: number }>;
  editedAt?: number;
  /** LINE unsend: the customer took the message back; its text stays stored, agents no longer see it. */
  unsentAt?: number;
  /** A number the customer typed that picked one of the bot's quick replies (the text is that option's value; inbound/typed-choice.ts). */
  typed?: string;
  /** The customer's reaction to this message (WhatsApp, Messenger); removed when empty. */
  reaction?: string;
  /** Our messages: LINE Reply API or Push API. */
  deliveredVia?: 'reply' | 'push';
  /** Our messages: Messenger's messaging_type / tag used (RESPONSE, or MESSAGE_TAG + HUMAN_AGENT). */
  messagingTag?: string;
  /** Our messages: a WhatsApp template sent instead of free text. */
  template?: { name: string; language: string; parameters: string[] };
  /** Our messages: the platform's latest receipt. */
  receipt?: 'delivered' | 'read';
  receiptAt?: number;
};

export const metaOf = (m: Pick<MessageRow, 'platform_meta'>): PlatformMeta => (m.platform_meta ?? {}) as PlatformMeta;

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** What agents see of platform_meta: never the reply token or which row used it. */
export function platformView(m: Pick<MessageRow, 'platform_meta'>) {
  const p = metaOf(m);
  const view = {
    speaker: p.speaker,
    replyTo: p.replyTo,
    forwardedFrom: p.forwardedFrom,
    subject: p.subject,
    thread: p.thread,
    editedAt: iso(p.editedAt),
    edits: p.edits?.map((e) => ({ text: e.text, at: iso(e.at)! })),
    unsent: p.unsentAt !== undefined || undefined,
    reaction: p.reaction,
    deliveredVia: p.deliveredVia,
    messagingTag: p.messagingTag,
    template: p.template,
    receipt: p.receipt,
    receiptAt: iso(p.receiptAt),
  };
  return Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined));
}

/** Merges a patch into one message's platform_meta (a key set to null is removed) and returns the row. */
export async function patchMeta(tx: Tx, messageId: string, patch: Record<string, unknown>, text?: string): Promise<MessageRow | undefined> {
  const nulls = Object.keys(patch).filter((k) => patch[k] === null);
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null));
  const meta = nulls.reduce((expr, key) => sql`(${expr}) - ${key}::text`, sql`platform_meta || ${JSON.stringify(set)}::jsonb`);
  const row = await tx.db
    .updateTable('messages')
    // An edited text is found by search under its new words (the old ones stay in `edits`).
    .set({ platform_meta: meta as never, ...(text !== undefined && { text, search: sql`array_to_tsvector(${documentTerms(text)}::text[])` as never }) })
    .where('id', '=', messageId)
    .returningAll()
    .executeTakeFirst();
  return row as MessageRow | undefined;
}

/** `message.updated`: an edit, an unsend, a reaction or a receipt changed what agents see of a message. */
export async function emitMessageUpdated(tx: Tx, row: MessageRow, view: (m: MessageRow) => Record<string, unknown>): Promise<void> {
  const conv = await tx.db.selectFrom('conversations').select(['status', 'assignee_id']).where('id', '=', row.conversation_id).executeTakeFirstOrThrow();
  tx.emit({
    type: 'message.updated',
    workspaceId: row.workspace_id,
    agentIds: conv.status === 'processing' && conv.assignee_id ? [conv.assignee_id] : undefined,
    data: { ...view(row), conversationId: row.conversation_id },
  });
}
