import { DomainError, notFound, promptsOf, renderPlaceholders } from '@switchboard/core';
import { sql } from 'kysely';
import type { Selectable } from 'kysely';
import type { CannedResponsesTable } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { canSupervise, type Principal } from '../platform/principal.ts';
import { assertMayRead } from '../conversations/transcript-access.ts';
import { actingAgentId } from '../conversations/conversation-actions.ts';

/**
 * Canned responses (SPEC §5 v1 additions): workspace-wide (written by
 * supervisors and admins) or an agent's own, each with a shortcut, a folder
 * and tags, in any language; found by `q` in shortcut, text, folder or tags
 * (a substring, so Chinese and Japanese are found without word breaks).
 */
type Row = Selectable<CannedResponsesTable>;

const view = (r: Row) => ({
  id: r.id,
  shortcut: r.shortcut,
  text: r.text,
  personal: r.owner_agent_id !== null,
  ownerAgentId: r.owner_agent_id,
  folder: r.folder,
  tags: r.tags,
  language: r.language,
  prompts: promptsOf(r.text),
  usageCount: r.usage_count,
  lastUsedAt: r.last_used_at === null ? null : new Date(r.last_used_at).toISOString(),
});

interface CannedInput {
  shortcut: string;
  text: string;
  personal?: boolean;
  folder?: string | null;
  tags?: string[];
  language?: string | null;
  agentId?: string;
}

/** Whose a new response is: personal ones belong to the acting agent; workspace-wide ones need a supervisor. */
function ownerFor(p: Principal, input: Pick<CannedInput, 'personal' | 'agentId'>): string | null {
  if (input.personal) return actingAgentId(p, input.agentId);
  if (!canSupervise(p))
    throw new DomainError('FORBIDDEN', 'only a supervisor or admin writes workspace-wide canned responses; pass personal: true for your own');
  return null;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function listCanned(deps: Deps, p: Principal, query: { q?: string; folder?: string; limit: number }) {
  let q = deps.db
    .selectFrom('canned_responses')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where((eb) => (p.agentId ? eb.or([eb('owner_agent_id', 'is', null), eb('owner_agent_id', '=', p.agentId)]) : eb('owner_agent_id', 'is', null)));
  if (query.folder) q = q.where('folder', '=', query.folder);
  const needle = query.q?.normalize('NFKC').trim().replace(/^\//, '');
  if (needle) {
    const like = `%${escapeLike(needle.toLowerCase())}%`;
    q = q.where(
      sql<boolean>`(lower(shortcut) LIKE ${like} OR lower(text) LIKE ${like} OR lower(coalesce(folder, '')) LIKE ${like} OR lower(tags::text) LIKE ${like})`,
    );
  }
  // A shortcut that starts with what was typed first, then the most used.
  const prefix = needle ? `${escapeLike(needle.toLowerCase())}%` : '%';
  const rows = await q
    .orderBy(sql`CASE WHEN lower(shortcut) LIKE ${prefix} THEN 0 ELSE 1 END`)
    .orderBy('usage_count', 'desc')
    .orderBy('shortcut')
    .limit(query.limit)
    .execute();
  return { items: rows.map(view) };
}

async function duplicate(tx: Tx, workspaceId: string, owner: string | null, shortcut: string, language: string | null, exceptId?: string) {
  const row = await tx.db
    .selectFrom('canned_responses')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`coalesce(owner_agent_id, '') = ${owner ?? ''}`)
    .where('shortcut', '=', shortcut)
    .where(sql<boolean>`coalesce(language, '') = ${language ?? ''}`)
    .executeTakeFirst();
  return row !== undefined && row.id !== exceptId;
}

export async function createCanned(deps: Deps, p: Principal, input: CannedInput) {
  const owner = ownerFor(p, input);
  return transact(deps, async (tx) => {
    const language = input.language ?? null;
    if (await duplicate(tx, p.workspaceId, owner, input.shortcut, language)) throw new DomainError('CONFLICT', `the shortcut /${input.shortcut} is taken`);
    const row = await tx.db
      .insertInto('canned_responses')
      .values({
        id: deps.ids.next('cnd'),
        workspace_id: p.workspaceId,
        owner_agent_id: owner,
        shortcut: input.shortcut,
        text: input.text,
        folder: input.folder ?? null,
        tags: JSON.stringify(input.tags ?? []),
        language,
        last_used_at: null,
        created_at: tx.now,
        updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return view(row);
  });
}

async function mine(tx: Tx, p: Principal, id: string) {
  const row = await tx.db
    .selectFrom('canned_responses')
    .selectAll()
    .where('id', '=', id)
    .where('workspace_id', '=', p.workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!row || (row.owner_agent_id !== null && row.owner_agent_id !== p.agentId && !canSupervise(p))) throw notFound('canned response', id);
  if (row.owner_agent_id === null && !canSupervise(p)) throw new DomainError('FORBIDDEN', 'only a supervisor or admin changes workspace-wide canned responses');
  return row;
}

export async function updateCanned(deps: Deps, p: Principal, id: string, input: Partial<CannedInput>) {
  return transact(deps, async (tx) => {
    const before = await mine(tx, p, id);
    const shortcut = input.shortcut ?? before.shortcut;
    const language = input.language === undefined ? before.language : input.language;
    if (await duplicate(tx, p.workspaceId, before.owner_agent_id, shortcut, language, id))
      throw new DomainError('CONFLICT', `the shortcut /${shortcut} is taken`);
    const row = await tx.db
      .updateTable('canned_responses')
      .set({
        shortcut,
        language,
        ...(input.text !== undefined && { text: input.text }),
        ...(input.folder !== undefined && { folder: input.folder }),
        ...(input.tags !== undefined && { tags: JSON.stringify(input.tags) }),
        updated_at: tx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return view(row);
  });
}

export async function deleteCanned(deps: Deps, p: Principal, id: string) {
  await transact(deps, async (tx) => {
    await mine(tx, p, id);
    await tx.db.deleteFrom('canned_responses').where('id', '=', id).execute();
  });
}

/**
 * POST /canned-responses/:id/render: the text for this conversation, with
 * contact, agent and attribute placeholders filled and the prompts answered;
 * `missing` lists prompts still to ask (the console asks, then renders again).
 */
export async function renderCanned(deps: Deps, p: Principal, id: string, body: { conversationId: string; answers?: Record<string, string> }) {
  const row = await deps.db.selectFrom('canned_responses').selectAll().where('id', '=', id).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
  if (!row || (row.owner_agent_id !== null && row.owner_agent_id !== p.agentId)) throw notFound('canned response', id);
  const conv = await deps.db
    .selectFrom('conversations')
    .selectAll()
    .where('id', '=', body.conversationId)
    .where('workspace_id', '=', p.workspaceId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation', body.conversationId);
  await assertMayRead(deps, p, conv);
  const contact = await deps.db.selectFrom('contacts').select(['name', 'attributes']).where('id', '=', conv.contact_id).executeTakeFirst();
  const agent = p.agentId ? await deps.db.selectFrom('agents').select(['name', 'email']).where('id', '=', p.agentId).executeTakeFirst() : undefined;
  const rendered = renderPlaceholders(row.text, {
    contact: { ...(contact?.attributes ?? {}), name: contact?.name ?? '' },
    agent: { name: agent?.name ?? '', email: agent?.email ?? '' },
    answers: body.answers,
  });
  return { id: row.id, text: rendered.text, missing: rendered.missing, prompts: promptsOf(row.text) };
}

/** A reply made from a canned response counts as its use (in the reply's transaction). */
export async function countCannedUse(tx: Tx, workspaceId: string, id: string) {
  await tx.db
    .updateTable('canned_responses')
    .set({ usage_count: sql`usage_count + 1`, last_used_at: tx.now })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .execute();
}
