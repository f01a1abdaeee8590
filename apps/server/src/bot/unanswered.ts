import { DomainError, notFound } from '@switchboard/core';
import type { UnansweredQuestionsTable } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';
import { createArticleIn, getArticle, updateArticleIn } from './knowledge-articles.ts';

type Row = Selectable<UnansweredQuestionsTable>;

export interface ResolveInput {
  articleId?: string;
  asAlternative?: boolean;
  newArticle?: { question: string; answer: string };
}

/** Most asked first; each near miss carries the article's question so an admin can tell them apart. */
export async function listUnanswered(deps: Deps, p: Principal, q: { limit: number }) {
  const rows = await deps.db
    .selectFrom('unanswered_questions')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .orderBy('count', 'desc')
    .orderBy('last_asked_at', 'desc')
    .orderBy('id')
    .limit(q.limit)
    .execute();
  const ids = [...new Set(rows.flatMap((r) => r.near_misses.map((m) => m.articleId)))];
  const articles = ids.length
    ? await deps.db.selectFrom('knowledge_articles').select(['id', 'question']).where('workspace_id', '=', p.workspaceId).where('id', 'in', ids).execute()
    : [];
  const titles = new Map(articles.map((a) => [a.id, a.question]));
  return { items: rows.map((r) => unansweredView(r, titles)) };
}

function unansweredView(r: Row, titles: Map<string, string>) {
  return {
    id: r.id,
    text: r.text,
    normalized: r.normalized,
    count: r.count,
    firstAskedAt: new Date(Number(r.first_asked_at)).toISOString(),
    lastAskedAt: new Date(Number(r.last_asked_at)).toISOString(),
    // An article deleted since is left out: there is nothing to add the question to.
    nearMisses: r.near_misses.filter((m) => titles.has(m.articleId)).map((m) => ({ ...m, question: titles.get(m.articleId)! })),
  };
}

/**
 * One call, one transaction: the question becomes a new article, or an
 * alternative of an existing one (`asAlternative: false` only records that
 * the article already covers it), and leaves the list.
 */
export function resolveUnanswered(deps: Deps, p: Principal, id: string, input: ResolveInput) {
  return transact(deps, async (tx) => {
    const row = await unansweredRow(tx, p.workspaceId, id);
    let article;
    if (input.newArticle) {
      article = await createArticleIn(tx, deps, p, input.newArticle);
    } else {
      article = await getArticle(tx, p, input.articleId!);
      if (input.asAlternative !== false) article = await addAlternative(tx, deps, p, article, row.text);
    }
    await removeQuestion(tx, p, row, 'unanswered.resolved');
    return { resolved: id, article };
  });
}

async function addAlternative(tx: Tx, deps: Deps, p: Principal, article: Awaited<ReturnType<typeof getArticle>>, text: string) {
  const alternatives = article.alternatives as string[];
  if (alternatives.includes(text) || article.question === text) return article;
  if (alternatives.length >= 50) {
    throw new DomainError('VALIDATION_FAILED', `article ${article.id} already has 50 alternatives`);
  }
  return updateArticleIn(tx, deps, p, article.id, { alternatives: [...alternatives, text] });
}

export async function dismissUnanswered(deps: Deps, p: Principal, id: string) {
  await transact(deps, async (tx) => removeQuestion(tx, p, await unansweredRow(tx, p.workspaceId, id), 'unanswered.dismissed'));
}

async function removeQuestion(tx: Tx, p: Principal, row: Row, action: 'unanswered.resolved' | 'unanswered.dismissed') {
  await tx.db.deleteFrom('unanswered_questions').where('id', '=', row.id).where('workspace_id', '=', p.workspaceId).execute();
  await recordAudit(tx, p, action, 'unanswered_question', row.id, row, null);
}

async function unansweredRow(tx: Tx, workspaceId: string, id: string) {
  const row = await tx.db.selectFrom('unanswered_questions').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).forUpdate().executeTakeFirst();
  if (!row) throw notFound('unanswered question', id);
  return row;
}
