import type { Tx } from '../tx.ts';

interface Cause {
  actorType: string;
  actorId: string | null;
}

/** Appends one row to the conversation's history (append-only; written with the transaction, see Tx.history). */
export async function recordConversationEvent(
  tx: Tx,
  workspaceId: string,
  conversationId: string,
  type: string,
  cause: string,
  actor: Cause,
  data: Record<string, unknown> = {},
  status: { from: string | null; to: string | null } = { from: null, to: null },
) {
  tx.history.push({
    workspace_id: workspaceId,
    conversation_id: conversationId,
    at: tx.now,
    type,
    from_status: status.from,
    to_status: status.to,
    cause,
    actor_type: actor.actorType,
    actor_id: actor.actorId,
    data: JSON.stringify(data),
  });
}

/** Records a status change and tells the stream (after commit). */
export async function recordStatusChange(tx: Tx, workspaceId: string, conversationId: string, from: string | null, to: string, reason: string, actor: Cause) {
  await recordConversationEvent(tx, workspaceId, conversationId, 'status_changed', reason, actor, {}, { from, to });
  tx.emit({
    type: 'conversation.status_changed',
    workspaceId,
    conversationId,
    data: { id: conversationId, from, to, reason },
  });
}
