import { DomainError, queryTerms, toTsQuery } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { applyFilters, decodeCursor, encodeCursor, withDetails, type ConversationFilter } from './list-filters.ts';

const SNIPPET = 160;

/**
 * Conversations whose messages hold every term of the query (words; CJK as
 * bigrams, so "運費多少" finds "請問運費多少錢"), latest matching message
 * first, with that message as the item's `match`. The GIN index on
 * messages.search finds the messages; the conversation filters apply after.
 */
export async function searchConversations(deps: Deps, p: Principal, f: ConversationFilter) {
  const terms = queryTerms(f.q ?? '');
  if (terms.length === 0) throw new DomainError('VALIDATION_FAILED', 'q has no letters or digits to search for');
  const tsquery = toTsQuery(terms);
  const hits = deps.db
    .selectFrom('messages')
    .select(['conversation_id', 'id as match_id', 'text as match_text', 'created_at as match_at', 'sender as match_sender'])
    .distinctOn('conversation_id')
    .where('workspace_id', '=', p.workspaceId)
    .where(sql<boolean>`search @@ ${tsquery}::tsquery`)
    .orderBy('conversation_id')
    .orderBy('created_at', 'desc');
  let q = applyFilters(
    deps.db.selectFrom('conversations').innerJoin(hits.as('hit'), 'hit.conversation_id', 'conversations.id').selectAll('conversations'),
    p,
    f,
  ).select(['hit.match_id', 'hit.match_text', 'hit.match_at', 'hit.match_sender']);
  if (f.cursor) {
    const [at, id] = decodeCursor(f.cursor);
    q = q.where(sql<boolean>`(hit.match_at, conversations.id) < (${at}, ${id})`);
  }
  const rows = await q.orderBy('hit.match_at', 'desc').orderBy('conversations.id', 'desc').limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  const items = await withDetails(deps, page);
  const last = page.at(-1);
  return {
    items: items.map((item, i) => ({
      ...item,
      match: {
        messageId: page[i].match_id,
        sender: page[i].match_sender,
        text: page[i].match_text.slice(0, SNIPPET),
        createdAt: new Date(Number(page[i].match_at)).toISOString(),
      },
    })),
    nextCursor: rows.length > f.limit && last ? encodeCursor([Number(last.match_at), last.id]) : null,
  };
}
