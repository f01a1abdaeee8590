import { DomainError } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { kindOfType } from './file-types.ts';
import { isStoredFileRef, type AttachmentRow, type StoredFileRef } from './attachment-store.ts';

const refOf = (row: AttachmentRow): StoredFileRef => ({
  type: kindOfType(row.content_type),
  attachmentId: row.id,
  name: row.name,
  contentType: row.content_type,
  size: row.size,
});

/**
 * An agent's reply names its files by id (uploaded first with POST
 * /attachments); they become this conversation's here, under its row lock.
 * A file is the agent's to send when it was uploaded in this workspace by
 * staff and is not yet another conversation's; images by URL pass through.
 */
export async function agentReplyFiles(tx: Tx, conversationId: string, workspaceId: string, given: unknown[] | undefined): Promise<unknown[] | undefined> {
  if (!given?.length) return given;
  const ids = given.filter(isStoredFileRef).map((a) => a.attachmentId);
  if (ids.length === 0) return given;
  const rows = await tx.db.selectFrom('attachments').selectAll().where('id', 'in', ids).where('workspace_id', '=', workspaceId).forUpdate().execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: unknown[] = [];
  for (const a of given) {
    if (!isStoredFileRef(a)) {
      out.push(a);
      continue;
    }
    const row = byId.get(a.attachmentId);
    if (!row) throw new DomainError('VALIDATION_FAILED', `no stored file ${a.attachmentId} in this workspace; upload it with POST /attachments first`);
    if (row.source !== 'agent' || (row.conversation_id && row.conversation_id !== conversationId))
      throw new DomainError('FORBIDDEN', `file ${a.attachmentId} belongs to another conversation`);
    out.push(refOf(row));
  }
  await tx.db.updateTable('attachments').set({ conversation_id: conversationId }).where('id', 'in', ids).where('conversation_id', 'is', null).execute();
  return out;
}

/** Files stored before their conversation was known (a customer's first message is a picture; a mail's parts) join it. */
export async function linkFiles(db: Kysely<DB>, attachments: unknown[] | undefined, conversationId: string): Promise<void> {
  const ids = (attachments ?? []).filter(isStoredFileRef).map((a) => a.attachmentId);
  if (ids.length === 0) return;
  await db.updateTable('attachments').set({ conversation_id: conversationId }).where('id', 'in', ids).where('conversation_id', 'is', null).execute();
}

/** A message's attachments as the reader gets them, each stored file with a signed URL made now. */
export function presentFiles(deps: Pick<Deps, 'attachments' | 'clock'>, attachments: unknown): unknown[] {
  return deps.attachments.present(attachments, deps.clock.now());
}

/**
 * A stream event's data with fresh signed URLs on its stored files. The
 * event itself (kept in stream_events for resume) holds only the refs, so a
 * replayed event gets a URL that still works.
 */
export function withSignedFiles(deps: Pick<Deps, 'attachments' | 'clock'>, type: string, data: Record<string, unknown>): Record<string, unknown> {
  if ((type !== 'message.created' && type !== 'message.updated') || !Array.isArray(data.attachments) || !data.attachments.some(isStoredFileRef)) return data;
  return { ...data, attachments: presentFiles(deps, data.attachments) };
}
