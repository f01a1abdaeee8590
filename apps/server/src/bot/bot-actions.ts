import type { ScriptOutput } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { recordConversationEvent, recordStatusChange } from '../conversations/conversation-history.ts';
import { appendMessage, updateStatus } from '../conversations/conversation-store.ts';
import type { Actor } from '../platform/principal.ts';
import type { BotDecision } from './plan.ts';

export const BOT: Actor = { actorType: 'bot', actorId: null };
export const CUSTOMER: Actor = { actorType: 'customer', actorId: null };

/** Stores what the bot says as a message from 'bot' (appendMessage also queues delivery to the channel). */
export async function say(deps: Deps, tx: Tx, conv: ConversationRow, output: string | ScriptOutput) {
  const text = typeof output === 'string' ? output : output.text;
  const buttons = typeof output === 'string' ? undefined : output.buttons;
  // Quick replies travel as an attachment: channels that cannot show them ignore unknown types.
  const attachments = buttons?.length ? [{ type: 'quick_replies', buttons }] : [];
  await appendMessage(tx, deps, conv, { sender: 'bot', text, attachments });
}

export async function recordDecision(tx: Tx, conv: ConversationRow, decision: BotDecision) {
  const { cause, ...data } = decision;
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'bot_reply', cause, BOT, data);
}

/** bot_deadline and script_state change together with the bot's turn; no status change, no version bump. */
export async function saveBotState(tx: Tx, conv: ConversationRow, patch: { bot_deadline?: number | null; script_state?: unknown }) {
  const set = {
    ...(patch.bot_deadline !== undefined && { bot_deadline: patch.bot_deadline }),
    ...(patch.script_state !== undefined && { script_state: JSON.stringify(patch.script_state) }),
  };
  if (Object.keys(set).length === 0) return;
  await tx.db.updateTable('conversations').set(set).where('id', '=', conv.id).execute();
}

/**
 * Moves a conversation between the automated statuses or to completed. No
 * routing lock: the routing engine only knows waiting/dispatching/processing.
 */
export async function moveAutomated(
  tx: Tx,
  conv: ConversationRow,
  to: 'bot' | 'script' | 'completed',
  reason: string,
  actor: Actor,
  patch: Record<string, unknown> = {},
): Promise<ConversationRow> {
  const closing = to === 'completed' ? { closed_at: tx.now, close_reason: reason, bot_deadline: null } : {};
  await updateStatus(tx, conv, to, { ...patch, ...closing });
  await recordStatusChange(tx, conv.workspace_id, conv.id, conv.status, to, reason, actor);
  return { ...conv, ...(patch as Partial<ConversationRow>), ...closing, status: to, version: conv.version + 1 };
}
