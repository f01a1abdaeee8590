import { notFound } from '@switchboard/core';
import { knowledgeArticleFrom, type KnowledgeChange } from './knowledge-cache.ts';
import { botRuntime } from './runtime.ts';
import { lexiconChangesOf } from './settings.ts';
import { bumpBotVersion, readBotState } from './versions.ts';
import type { KnowledgeArticleRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';

export interface ArticleInput {
  question: string;
  answer: string;
  alternatives?: string[];
  tags?: string[];
}

export function articleView(r: KnowledgeArticleRow) {
  return {
    id: r.id,
    question: r.question,
    answer: r.answer,
    alternatives: r.alternatives,
    tags: r.tags,
    helpful: Number(r.helpful_count ?? 0),
    notHelpful: Number(r.not_helpful_count ?? 0),
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export async function listArticles(deps: Deps, p: Principal, q: { limit: number; cursor?: string }) {
  let query = deps.db.selectFrom('knowledge_articles').selectAll().where('workspace_id', '=', p.workspaceId);
  if (q.cursor) query = query.where('id', '>', q.cursor);
  const rows = await query
    .orderBy('id')
    .limit(q.limit + 1)
    .execute();
  const page = rows.slice(0, q.limit);
  return { items: page.map(articleView), nextCursor: rows.length > q.limit ? page.at(-1)!.id : null };
}

export async function getArticle(deps: Deps | Tx, p: Principal, id: string) {
  return articleView(await articleRow(deps, p.workspaceId, id));
}

export const createArticle = (deps: Deps, p: Principal, input: ArticleInput) => transact(deps, (tx) => createArticleIn(tx, deps, p, input));

export const updateArticle = (deps: Deps, p: Principal, id: string, patch: Partial<ArticleInput>) => transact(deps, (tx) => updateArticleIn(tx, deps, p, id, patch));

export async function deleteArticle(deps: Deps, p: Principal, id: string) {
  await transact(deps, (tx) =>
    changeKnowledge(tx, deps, p, 'article.deleted', async () => {
      const row = await articleRow(tx, p.workspaceId, id);
      await tx.db.deleteFrom('knowledge_articles').where('id', '=', id).execute();
      return { row, before: row, change: { type: 'remove', id } };
    }),
  );
}

/** A new article inside `tx` (unanswered.ts resolves a question into one in its own transaction). */
export function createArticleIn(tx: Tx, deps: Deps, p: Principal, input: ArticleInput) {
  return changeKnowledge(tx, deps, p, 'article.created', async () => {
    const row = await tx.db
      .insertInto('knowledge_articles')
      .values({
        id: deps.ids.next('kb'),
        workspace_id: p.workspaceId,
        question: input.question,
        answer: input.answer,
        alternatives: JSON.stringify(input.alternatives ?? []),
        tags: JSON.stringify(input.tags ?? []),
        created_at: tx.now,
        updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row, before: null, change: { type: 'put', article: knowledgeArticleFrom(row) } };
  });
}

export function updateArticleIn(tx: Tx, deps: Deps, p: Principal, id: string, patch: Partial<ArticleInput>) {
  return changeKnowledge(tx, deps, p, 'article.updated', async () => {
    const before = await articleRow(tx, p.workspaceId, id);
    const row = await tx.db
      .updateTable('knowledge_articles')
      .set({
        ...(patch.question !== undefined && { question: patch.question }),
        ...(patch.answer !== undefined && { answer: patch.answer }),
        ...(patch.alternatives !== undefined && { alternatives: JSON.stringify(patch.alternatives) }),
        ...(patch.tags !== undefined && { tags: JSON.stringify(patch.tags) }),
        updated_at: tx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row, before, change: { type: 'put', article: knowledgeArticleFrom(row) } };
  });
}

/**
 * What the bot would answer: the top articles with their scores, the article
 * it would answer with (null below the threshold or when it would ask), and
 * the two articles it would ask the customer to choose between (or null).
 */
export async function searchArticles(deps: Deps, p: Principal, q: { q: string; limit: number }) {
  const state = await readBotState(deps.db, p.workspaceId);
  const index = await botRuntime(deps).knowledge.get(deps.db, p.workspaceId, state.kbVersion, lexiconChangesOf(state.settings));
  const threshold = state.settings.kbThreshold;
  const decision = index.decide(q.q, { threshold, limit: q.limit });
  const items = decision.hits.slice(0, q.limit).map((hit) => ({ ...hit, question: index.get(hit.articleId)?.question ?? '' }));
  return {
    threshold,
    items,
    answer: decision.type === 'answer' ? decision.match.articleId : null,
    clarify: decision.type === 'clarify' ? decision.options.map((o) => o.articleId) : null,
  };
}

/**
 * Every article change bumps kb_version in its transaction (other processes
 * rebuild on the new number) and, once committed, patches this process's index in place.
 */
type ArticleChange = { row: KnowledgeArticleRow; before: KnowledgeArticleRow | null; change: KnowledgeChange };

/** One article change: the knowledge version bumped, the change and its audit row in `tx`, the index told after COMMIT. */
async function changeKnowledge(tx: Tx, deps: Deps, p: Principal, action: 'article.created' | 'article.updated' | 'article.deleted', work: () => Promise<ArticleChange>) {
  const { previous, next } = await bumpBotVersion(tx.db, p.workspaceId, 'kb');
  const { row, before, change } = await work();
  tx.onCommit(() => botRuntime(deps).knowledge.applyCommitted(p.workspaceId, previous, next, change));
  await recordAudit(tx, p, action, 'article', row.id, before && articleView(before), change.type === 'remove' ? null : articleView(row));
  return articleView(row);
}

async function articleRow(tx: Tx | Deps, workspaceId: string, id: string) {
  const row = await tx.db.selectFrom('knowledge_articles').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('article', id);
  return row;
}
