import { DomainError } from '@switchboard/core';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import { getActingAgentRow } from '../agents/agents.ts';
import { appendMessage, lockConversation } from '../conversations/conversation-store.ts';
import { assertMayRead } from '../conversations/transcript-access.ts';
import { messageView } from '../conversations/serialize.ts';

/**
 * The agents a note mentions: the ids the console sends, and any `@Name` of
 * an active agent of the workspace in the text (longest names first, so
 * "@Ken Wu" is not also "@Ken"). An unknown id is the caller's mistake.
 */
export async function resolveMentions(tx: Tx, workspaceId: string, text: string, ids: string[] = []): Promise<string[]> {
  const agents = await tx.db.selectFrom('agents').select(['id', 'name']).where('workspace_id', '=', workspaceId).where('active', '=', true).execute();
  const known = new Set(agents.map((a) => a.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new DomainError('VALIDATION_FAILED', `mentions name no agent of this workspace: ${unknown.join(', ')}`);
  const found = new Set(ids);
  let rest = text.toLowerCase();
  for (const a of [...agents].sort((x, y) => y.name.length - x.name.length)) {
    const token = `@${a.name.toLowerCase()}`;
    if (rest.includes(token)) {
      found.add(a.id);
      rest = rest.replaceAll(token, ' ');
    }
  }
  return [...found];
}

/**
 * An internal note (SPEC §5 v1 additions): stored with `private: true`,
 * shown to staff, never queued for the customer's channel nor sent on a
 * visitor's socket (conversation-store.ts). Anyone who may read the
 * conversation may write one, in any status; the mentioned agents are told.
 */
export async function sendNote(deps: Deps, p: Principal, id: string, agentId: string, body: { text: string; mentions?: string[] }) {
  if (body.text.trim() === '') throw new DomainError('VALIDATION_FAILED', 'a note needs text');
  return transact(deps, async (tx) => {
    await getActingAgentRow(tx, p.workspaceId, agentId);
    const conv = await lockConversation(tx, p.workspaceId, id);
    await assertMayRead(deps, p, conv);
    const mentions = (await resolveMentions(tx, p.workspaceId, body.text, body.mentions)).filter((m) => m !== agentId);
    const row = await appendMessage(tx, deps, conv, { sender: 'agent', agentId, text: body.text, private: true, mentions, delivery: null });
    for (const mentioned of mentions) {
      tx.emit({
        type: 'note.mentioned',
        workspaceId: p.workspaceId,
        agentIds: [mentioned],
        data: { conversationId: conv.id, messageId: row.id, agentId: mentioned, byAgentId: agentId, text: body.text.slice(0, 200) },
      });
    }
    return messageView(row);
  });
}
