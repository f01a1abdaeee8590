import type { NewConversationEvent } from '../db/schema.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import type { Tx } from '../platform/tx.ts';

interface Cause {
  actorType: string;
  actorId: string | null;
}

/** One history row (append-only): what happened to a conversation, when, why and by whom. */
export function historyRow(
  at: number,
  workspaceId: string,
  conversationId: string,
  type: string,
  cause: string,
  actor: Cause,
  data: Record<string, unknown> = {},
  status: { from: string | null; to: string | null } = { from: null, to: null },
): NewConversationEvent {
  return {
    workspace_id: workspaceId,
    conversation_id: conversationId,
    at,
    type,
    from_status: status.from,
    to_status: status.to,
    cause,
    actor_type: actor.actorType,
    actor_id: actor.actorId,
    data: JSON.stringify(data),
  };
}

type HistoryArgs = Parameters<typeof historyRow> extends [number, ...infer Rest] ? Rest : never;

/** Appends one row to the conversation's history, at the transaction's time (written with the transaction, see Tx.history). */
export async function recordConversationEvent(tx: Tx, ...args: HistoryArgs) {
  tx.history.push(historyRow(tx.now, ...args));
}

/** Records a status change and tells the stream (after commit). */
export async function recordStatusChange(tx: Tx, workspaceId: string, conversationId: string, from: string | null, to: string, reason: string, actor: Cause) {
  await recordConversationEvent(tx, workspaceId, conversationId, 'status_changed', reason, actor, {}, { from, to });
  tx.emit(statusChanged(workspaceId, conversationId, from, to, reason));
}

/** The stream event of a status change. */
export function statusChanged(workspaceId: string, conversationId: string, from: string | null, to: string, reason: string): StreamEvent {
  return { type: 'conversation.status_changed', workspaceId, conversationId, data: { id: conversationId, from, to, reason } };
}
