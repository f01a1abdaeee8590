import { DomainError, notFound } from '@switchboard/core';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { assertMayRead } from '../conversations/transcript-access.ts';
import type { AttachmentRow } from './attachment-store.ts';
import { kindOfType } from './file-types.ts';

/** An agent's upload for a reply: stored now, joined to the conversation when the reply is sent. An integration's (admin token, API key) is the workspace's. */
export async function uploadStaffFile(deps: Deps, p: Principal, file: { bytes: Buffer; name?: string; contentType?: string }) {
  const ref = await deps.attachments.save(
    deps.db,
    { workspaceId: p.workspaceId, source: 'agent', agentId: p.agentId ?? undefined, bytes: file.bytes, name: file.name, contentType: file.contentType },
    deps.clock.now(),
  );
  return deps.attachments.presentOne(ref, deps.clock.now());
}

/**
 * Staff read a file by id with their own token: a file of a conversation
 * they may read (SPEC §7's transcript rule), or one not yet sent (then only
 * its uploader, or a supervisor).
 */
export async function staffFile(deps: Deps, p: Principal, id: string): Promise<AttachmentRow> {
  const row = await deps.attachments.find(deps.db, p.workspaceId, id);
  if (!row) throw notFound('attachment', id);
  if (row.conversation_id) {
    const conv = await deps.db
      .selectFrom('conversations')
      .select(['id', 'status', 'assignee_id', 'offer_agent_id'])
      .where('id', '=', row.conversation_id)
      .executeTakeFirstOrThrow();
    await assertMayRead(deps, p, conv);
  } else if (row.agent_id !== p.agentId && p.role === 'agent') {
    throw new DomainError('FORBIDDEN', 'this file was uploaded by another agent and is not in a conversation yet');
  }
  return row;
}

export function fileView(deps: Deps, row: AttachmentRow) {
  const presented = deps.attachments.presentOne(
    { type: kindOfType(row.content_type), attachmentId: row.id, name: row.name, contentType: row.content_type, size: row.size },
    deps.clock.now(),
  );
  return { ...presented, conversationId: row.conversation_id, source: row.source, createdAt: new Date(row.created_at).toISOString() };
}
