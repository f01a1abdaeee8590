import { DomainError, notFound } from '@switchboard/core';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { actorOf, canSupervise, requireRole, type Actor, type Principal } from '../platform/principal.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { lockConversation } from '../conversations/conversation-store.ts';
import type { ConversationRow } from '../db/schema.ts';
import { recordAudit } from '../security/audit.ts';
import { getAgentTools } from './settings.ts';

/** Service-reason tags (服務標籤): one workspace list, the same on every channel (docs/agent-tools.md). */

type TagRow = { id: string; name: string; color: string; archived: boolean };
const tagView = (t: TagRow) => ({ id: t.id, name: t.name, color: t.color, archived: t.archived });

export async function listTags(deps: Deps, p: Principal) {
  const rows = await deps.db.selectFrom('tags').selectAll().where('workspace_id', '=', p.workspaceId).orderBy('name').execute();
  const settings = await getAgentTools(deps.db, p.workspaceId);
  return { items: rows.map(tagView), requiredAtClose: settings.tagsRequiredAtClose };
}

export async function createTag(deps: Deps, p: Principal, body: { name: string; color?: string }) {
  requireRole(p, 'admin');
  return transact(deps, async (tx) => {
    const row = await tx.db
      .insertInto('tags')
      .values({ id: deps.ids.next('tag'), workspace_id: p.workspaceId, name: body.name, color: body.color ?? '#64748b', created_at: tx.now })
      .onConflict((oc) => oc.columns(['workspace_id', 'name']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('CONFLICT', `a tag named ${body.name} exists`);
    await recordAudit(tx, p, 'tag.created', 'tag', row.id, null, tagView(row));
    return tagView(row);
  });
}

export async function updateTag(deps: Deps, p: Principal, id: string, body: { name?: string; color?: string; archived?: boolean }) {
  requireRole(p, 'admin');
  return transact(deps, async (tx) => {
    const before = await tx.db.selectFrom('tags').selectAll().where('id', '=', id).where('workspace_id', '=', p.workspaceId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('tag', id);
    if (body.name && body.name !== before.name) {
      const taken = await tx.db.selectFrom('tags').select('id').where('workspace_id', '=', p.workspaceId).where('name', '=', body.name).executeTakeFirst();
      if (taken) throw new DomainError('CONFLICT', `a tag named ${body.name} exists`);
    }
    const row = await tx.db
      .updateTable('tags')
      .set({
        ...(body.name !== undefined && { name: body.name }),
        ...(body.color !== undefined && { color: body.color }),
        ...(body.archived !== undefined && { archived: body.archived }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, p, 'tag.updated', 'tag', id, tagView(before), tagView(row));
    return tagView(row);
  });
}

/** Tag names or ids → the workspace's tags; an unknown or archived one is refused. */
export async function resolveTags(tx: Tx, workspaceId: string, refs: string[]): Promise<TagRow[]> {
  if (refs.length === 0) return [];
  const rows = await tx.db.selectFrom('tags').selectAll().where('workspace_id', '=', workspaceId).execute();
  const out = new Map<string, TagRow>();
  for (const ref of refs) {
    const tag = rows.find((t) => t.id === ref) ?? rows.find((t) => t.name.toLowerCase() === ref.trim().toLowerCase());
    if (!tag || tag.archived) throw new DomainError('VALIDATION_FAILED', `no tag ${ref} in this workspace's list (GET /tags)`);
    out.set(tag.id, tag);
  }
  return [...out.values()];
}

/** The tags a conversation carries, for its item. */
export async function tagsOf(db: Deps['db'] | Tx['db'], conversationIds: string[]) {
  const byConversation = new Map<string, Array<{ id: string; name: string; color: string }>>();
  if (conversationIds.length === 0) return byConversation;
  const rows = await db
    .selectFrom('conversation_tags')
    .innerJoin('tags', 'tags.id', 'conversation_tags.tag_id')
    .select(['conversation_tags.conversation_id', 'tags.id', 'tags.name', 'tags.color'])
    .where('conversation_tags.conversation_id', 'in', conversationIds)
    .orderBy('tags.name')
    .execute();
  for (const r of rows) byConversation.set(r.conversation_id, [...(byConversation.get(r.conversation_id) ?? []), { id: r.id, name: r.name, color: r.color }]);
  return byConversation;
}

/**
 * Sets a conversation's tags. `replace` (an agent choosing at close, or
 * editing after) makes the set exactly these; otherwise (a keyword rule, a
 * script) it adds. A `tagged` history row says what changed and by whom.
 */
export async function applyTags(tx: Tx, conv: ConversationRow, tags: TagRow[], source: 'agent' | 'rule' | 'script', actor: Actor, replace: boolean) {
  const current = await tx.db.selectFrom('conversation_tags').select('tag_id').where('conversation_id', '=', conv.id).execute();
  const had = new Set(current.map((r) => r.tag_id));
  const want = new Set(tags.map((t) => t.id));
  const removed = replace ? [...had].filter((id) => !want.has(id)) : [];
  const added = tags.filter((t) => !had.has(t.id));
  if (removed.length > 0) await tx.db.deleteFrom('conversation_tags').where('conversation_id', '=', conv.id).where('tag_id', 'in', removed).execute();
  if (added.length > 0) {
    await tx.db
      .insertInto('conversation_tags')
      .values(
        added.map((t) => ({ conversation_id: conv.id, tag_id: t.id, workspace_id: conv.workspace_id, source, added_by: actor.actorId, created_at: tx.now })),
      )
      .execute();
  }
  if (removed.length === 0 && added.length === 0) return;
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'tagged', source, actor, { added: added.map((t) => t.name), removedIds: removed });
  tx.emit({
    type: 'conversation.tagged',
    workspaceId: conv.workspace_id,
    agentIds: conv.assignee_id ? [conv.assignee_id] : undefined,
    data: { id: conv.id, tags: replace ? [...want] : [...new Set([...had, ...want])], added: added.map((t) => t.id), removed },
  });
}

/** A keyword rule or a script sets tags by name; one deleted or archived since is skipped, not an error for the customer. */
export async function tagAutomatically(tx: Tx, conv: ConversationRow, names: string[], source: 'rule' | 'script') {
  const rows = await tx.db.selectFrom('tags').selectAll().where('workspace_id', '=', conv.workspace_id).where('archived', '=', false).execute();
  const wanted = new Set(names.map((n) => n.trim().toLowerCase()));
  const tags = rows.filter((t) => wanted.has(t.name.toLowerCase()));
  if (tags.length > 0) await applyTags(tx, conv, tags, source, { actorType: 'bot', actorId: null }, false);
}

/** PUT /conversations/:id/tags: the assignee or a supervisor edits the tags, during the conversation or after close. */
export async function setConversationTags(deps: Deps, p: Principal, id: string, refs: string[]) {
  return transact(deps, async (tx) => {
    const conv = await lockConversation(tx, p.workspaceId, id);
    if (!canSupervise(p) && conv.assignee_id !== p.agentId) throw new DomainError('FORBIDDEN', 'only the agent who has (or had) it or a supervisor may tag it');
    await applyTags(tx, conv, await resolveTags(tx, p.workspaceId, refs), 'agent', actorOf(p), true);
    return { items: (await tagsOf(tx.db, [id])).get(id) ?? [] };
  });
}
