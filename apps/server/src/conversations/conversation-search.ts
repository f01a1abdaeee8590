import { DomainError, queryTerms, toTsQuery } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { decodeCursor, encodeCursor, filterSql, withDetails, type ConversationFilter } from './list-filters.ts';

const SNIPPET = 160;
/** Matching messages read per round, newest first; a conversation counts once, at its latest match. */
const ROUND = 200;
const MAX_ROUNDS = 10;

interface Hit {
  id: string;
  conversation_id: string;
  text: string;
  sender: string;
  created_at: number;
}

/**
 * Conversations whose messages hold every term of the query (words; CJK as
 * bigrams, so "運費多少" finds "請問運費多少錢"), latest matching message
 * first, with that message as the item's `match`. Matching messages are read
 * newest first in rounds until the page is full: a common term walks the
 * (workspace, time) index and stops early, a rare one comes from the GIN
 * index — the planner chooses per query from the column's statistics. The
 * cursor is the last item's match: a later page skips conversations that
 * already matched after it.
 */
export async function searchConversations(deps: Deps, p: Principal, f: ConversationFilter) {
  const terms = queryTerms(f.q ?? '');
  if (terms.length === 0) throw new DomainError('VALIDATION_FAILED', 'q has no letters or digits to search for');
  const tsquery = toTsQuery(terms);
  const start = f.cursor ? decodeCursor(f.cursor) : null;
  const picked = new Map<string, Hit>();
  let before = start;
  for (let round = 0; round < MAX_ROUNDS && picked.size <= f.limit; round++) {
    const { rows } = await sql<Hit>`
      SELECT m.id, m.conversation_id, m.text, m.sender, m.created_at
      FROM messages m JOIN conversations ON conversations.id = m.conversation_id
      WHERE m.workspace_id = ${p.workspaceId} AND m.search @@ ${tsquery}::tsquery AND ${filterSql(p, f)}
        ${before ? sql`AND (m.created_at, m.id) < (${before[0]}::int8, ${before[1]}::text)` : sql``}
        ${start ? sql`AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = m.conversation_id AND n.search @@ ${tsquery}::tsquery AND (n.created_at, n.id) >= (${start[0]}::int8, ${start[1]}::text))` : sql``}
      ORDER BY m.created_at DESC, m.id DESC
      LIMIT ${ROUND}`.execute(deps.db);
    for (const row of rows) if (!picked.has(row.conversation_id)) picked.set(row.conversation_id, row);
    if (rows.length < ROUND) break;
    const last = rows.at(-1)!;
    before = [Number(last.created_at), last.id];
  }
  const hits = [...picked.values()].slice(0, f.limit);
  const convs = hits.length ? await deps.db.selectFrom('conversations').selectAll().where('id', 'in', hits.map((h) => h.conversation_id)).execute() : [];
  const byId = new Map(convs.map((c) => [c.id, c]));
  const items = await withDetails(deps, hits.map((h) => byId.get(h.conversation_id)!));
  const last = hits.at(-1);
  return {
    items: items.map((item, i) => ({
      ...item,
      match: { messageId: hits[i].id, sender: hits[i].sender, text: hits[i].text.slice(0, SNIPPET), createdAt: new Date(Number(hits[i].created_at)).toISOString() },
    })),
    nextCursor: picked.size > f.limit && last ? encodeCursor([Number(last.created_at), last.id]) : null,
  };
}
