import type { ConversationRow } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import { actorOf } from '../platform/principal.ts';
import { recordConversationEvent } from './conversation-history.ts';
import { appendMessage } from './conversation-store.ts';

export interface TransferTarget {
  agentId?: string;
  agentName?: string;
  skills?: string[];
  note?: string;
}

const DEFAULT_TO_AGENT = 'You are being transferred to {agent}. One moment please.';
const DEFAULT_TO_TEAM = 'You are being transferred to a colleague who can help. One moment please.';

/**
 * The `transferred` history row: from whom, to whom (or which skills), and
 * the note for the receiving agent. Written before routing's own rows, so
 * the timeline reads "Transferred from Mei to Ken: …" then "Assigned to Ken".
 */
export async function recordTransfer(tx: Tx, p: Principal, conv: ConversationRow, to: TransferTarget) {
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'transferred', 'transfer', actorOf(p), {
    fromAgentId: conv.assignee_id,
    ...(to.agentId && { toAgentId: to.agentId }),
    ...(to.skills && { skills: to.skills }),
    ...(to.note && { note: to.note }),
  });
}

/**
 * Tells the customer, through the outbox like any bot reply, when the
 * channel allows: channel config `transferNotice` (default on for web chat,
 * off elsewhere, where an extra message may cost or surprise), with
 * `transferNoticeText` / `transferNoticeTeamText` replacing the wording.
 */
export async function noticeCustomer(tx: Tx, deps: Pick<Deps, 'ids'>, conv: ConversationRow, to: TransferTarget) {
  const channel = await tx.db.selectFrom('channels').select(['type', 'config']).where('id', '=', conv.channel_id).executeTakeFirst();
  if (!channel) return;
  const config = (channel.config ?? {}) as Record<string, unknown>;
  const enabled = typeof config.transferNotice === 'boolean' ? config.transferNotice : channel.type === 'webchat';
  if (!enabled) return;
  const text = to.agentName
    ? (typeof config.transferNoticeText === 'string' ? config.transferNoticeText : DEFAULT_TO_AGENT).replaceAll('{agent}', to.agentName)
    : typeof config.transferNoticeTeamText === 'string'
      ? config.transferNoticeTeamText
      : DEFAULT_TO_TEAM;
  await appendMessage(tx, deps, conv, { sender: 'bot', text });
}
