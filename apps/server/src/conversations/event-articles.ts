import type { Selectable } from 'kysely';
import type { ConversationEventsTable } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';

type EventRow = Selectable<ConversationEventsTable>;

/** The article a knowledge-base reply used, as recorded in its data. */
function articleIdOf(e: EventRow): string | undefined {
  if (e.type !== 'bot_reply' || e.cause !== 'knowledge') return undefined;
  const id = (e.data as { articleId?: unknown }).articleId;
  return typeof id === 'string' ? id : undefined;
}

/** One query for the questions of every article the history names, so agents see which article answered (issue #17). */
export async function articleTitles(deps: Deps, workspaceId: string, rows: EventRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map(articleIdOf).filter((id): id is string => id !== undefined))];
  if (ids.length === 0) return new Map();
  const found = await deps.db
    .selectFrom('knowledge_articles')
    .select(['id', 'question'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
  return new Map(found.map((a) => [a.id, a.question]));
}

/** `{article: {id, title}}` for a knowledge answer (title null once the article is deleted), else nothing. */
export function articleOf(e: EventRow, titles: Map<string, string>) {
  const id = articleIdOf(e);
  if (!id) return {};
  return { article: { id, title: titles.get(id) ?? null } };
}
