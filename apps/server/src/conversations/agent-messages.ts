import { DomainError } from '@switchboard/core';
import { transact, transactRouting, type Deps } from '../platform/deps.ts';
import { getActingAgentRow } from '../agents/agents.ts';
import { getChannelRow } from '../channels/channels.ts';
import { ensureContact } from '../contacts/contacts.ts';
import { recordStatusChange } from './conversation-history.ts';
import { appendMessage, assertStatus, findOpenConversation, insertOpenConversation, lockConversation } from './conversation-store.ts';
import { actingAgentId } from './conversation-actions.ts';
import { canSupervise, type Principal } from '../platform/principal.ts';
import { conversationView, messageView } from './serialize.ts';
import { refreshConversationTimer } from '../policy/conversation-timers.ts';
import { assertFreeTextAllowed } from '../channels/windows/reply-window.ts';
import type { ConversationRow } from '../db/schema.ts';
import type { Tx } from '../platform/tx.ts';
import { agentReplyFiles, presentFiles } from '../attachments/message-files.ts';
import { sendNote } from '../agent-tools/notes.ts';
import { countCannedUse } from '../agent-tools/canned.ts';
import { replyDirect } from './agent-reply-direct.ts';
import { writePaths } from '../db/write-paths.ts';

const channelTypeOf = async (tx: Tx, channelId: string) =>
  (await tx.db.selectFrom('channels').select('type').where('id', '=', channelId).executeTakeFirstOrThrow()).type;

type AgentMessageInput = { text: string; agentId?: string; attachments?: unknown[]; private?: boolean; mentions?: string[]; cannedResponseId?: string };

/**
 * An agent's reply; with `private: true` an internal note (agent-tools/notes.ts).
 * Only the assignee writes to the customer: another agent, or a supervisor
 * as itself, takes the conversation over by transfer first (collision);
 * a supervisor or the admin token may still act *for* the assignee (agentId).
 * And only what the platform will accept: free text inside the channel's
 * messaging window, else a template (`as`).
 */
export async function sendAgentMessage(
  deps: Deps,
  p: Principal,
  id: string,
  body: AgentMessageInput,
  as?: (tx: Tx, conv: ConversationRow) => Promise<{ text: string; platformMeta: Record<string, unknown> }>,
) {
  const agentId = actingAgentId(p, body.agentId);
  if (body.private) return sendNote(deps, p, id, agentId, body);
  // A plain reply takes the direct path (two statements, agent-reply-direct.ts); what it declines is done here.
  const direct = as ? undefined : await replyDirect(deps, { workspaceId: p.workspaceId, conversationId: id, agentId }, body);
  if (direct) {
    writePaths.replyDirect++;
    return { ...messageView(direct), attachments: presentFiles(deps, direct.attachments) };
  }
  writePaths.replyTransactional++;
  return replyInTransaction(deps, p, id, agentId, body, as);
}

/** The reply in one transaction, with every check (what the direct path declines; tests compare the two). */
export function replyInTransaction(
  deps: Deps,
  p: Principal,
  id: string,
  agentId: string,
  body: AgentMessageInput,
  as?: (tx: Tx, conv: ConversationRow) => Promise<{ text: string; platformMeta: Record<string, unknown> }>,
) {
  return transact(deps, async (tx) => {
    await getActingAgentRow(tx, p.workspaceId, agentId);
    const conv = await lockConversation(tx, p.workspaceId, id);
    assertStatus(conv, ['processing'], 'reply to');
    if (conv.assignee_id !== agentId) {
      if (!canSupervise(p)) throw new DomainError('FORBIDDEN', 'only the assigned agent may reply');
      throw new DomainError('NOT_ASSIGNEE', 'this conversation is another agent’s: take it over by transfer before replying');
    }
    const template = as && (await as(tx, conv));
    if (!template) await assertFreeTextAllowed(tx.db, conv, await channelTypeOf(tx, conv.channel_id), tx.now, 'agent');
    const attachments = await agentReplyFiles(tx, conv.id, p.workspaceId, body.attachments);
    const row = await appendMessage(tx, deps, conv, {
      sender: 'agent',
      agentId,
      text: template?.text ?? body.text,
      attachments,
      delivery: 'pending',
      platformMeta: template?.platformMeta,
    });
    if (body.cannedResponseId) await countCannedUse(tx, p.workspaceId, body.cannedResponseId);
    // R13: the first reply is in, and the customer-idle clock starts from this message.
    await refreshConversationTimer(tx, conv);
    return { ...messageView(row), attachments: presentFiles(deps, row.attachments) };
  });
}

/**
 * An agent writes first: the conversation starts `processing`, assigned to
 * that agent, and counts toward its load even beyond capacity (SPEC §2).
 */
export async function startConversation(
  deps: Deps,
  p: Principal,
  body: { channelId: string; contact: { externalId: string; name?: string }; text: string; agentId?: string },
) {
  const agentId = actingAgentId(p, body.agentId);
  return transactRouting(deps, p.workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const channel = await getChannelRow(tx, p.workspaceId, body.channelId);
    await getActingAgentRow(tx, p.workspaceId, agentId);
    const contactId = await ensureContact(deps, tx, channel.workspace_id, channel.id, body.contact);
    await assertFreeTextAllowed(tx.db, { contact_id: contactId, channel_id: channel.id }, channel.type, tx.now, 'agent');
    if (await findOpenConversation(tx, channel.id, contactId)) {
      throw new DomainError('CONFLICT', 'this contact already has an open conversation on this channel');
    }
    const conv = await insertOpenConversation(tx, deps, channel, contactId, {
      status: 'processing',
      assignee_id: agentId,
      queue_key: tx.now - channel.priority * 1000,
      handoff_at: tx.now,
    });
    const actor = { actorType: 'agent' as const, actorId: agentId };
    await recordStatusChange(tx, p.workspaceId, conv.id, null, 'processing', 'agent_started', actor);
    tx.emit({
      type: 'conversation.created',
      workspaceId: p.workspaceId,
      conversationId: conv.id,
      data: { id: conv.id, channelId: conv.channel_id, contactId, status: 'processing' },
    });
    await routing.apply({ type: 'agent_started', conversation: { id: conv.id, skills: conv.skills, queueKey: conv.queue_key ?? tx.now }, agentId }, actor);
    await appendMessage(tx, deps, conv, { sender: 'agent', agentId, text: body.text, delivery: 'pending' });
    await refreshConversationTimer(tx, await lockConversation(tx, p.workspaceId, conv.id));
    return conversationView({ ...conv, message_count: 1 });
  });
}
