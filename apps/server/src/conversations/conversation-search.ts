import { DomainError, queryTerms, toTsQuery, type QueryTerm } from '@switchboard/core';
import { sql, type RawBuilder } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { estimatedShare } from './term-stats.ts';
import { decodeCursor, encodeCursor, filterSql, withDetails, type ConversationFilter } from './list-filters.ts';

const SNIPPET = 160;
/** A query expected in at least this share of messages walks the newest ones first (see below). */
const COMMON_SHARE = 0.002;
/** The longest walk over the newest messages before the GIN index is asked for the rest. */
const MAX_WINDOW = 50_000;
/** Matching messages the GIN stage reads at most, newest first. */
const GIN_ROWS = 1_000;

interface Hit {
  id: string;
  conversation_id: string;
  text: string;
  sender: string;
  created_at: number;
}
type Key = [number, string];

/**
 * Conversations whose messages hold every term of the query (words; CJK as
 * bigrams, so "運費多少" finds "請問運費多少錢"), latest matching message
 * first, with that message as the item's `match`.
 *
 * Why two ways: the GIN index finds a rare term's few messages at once,
 * but for a common one it fetches every match (one heap page each) to sort
 * them by time, and the planner cannot tell the two apart for a phrase (it
 * multiplies the bigrams' frequencies as if independent, so the common
 * "運費多少" looks rare). So the terms' own frequencies are read from the
 * column's statistics (term-stats.ts): a common query walks the newest
 * messages in time order, in a window sized to fill the page, then asks the
 * index only for what is older; a rare one goes to the index straight away.
 * The cursor is the last item's match: a later page skips conversations that
 * already matched after it.
 */
export async function searchConversations(deps: Deps, p: Principal, f: ConversationFilter, windows?: number[]) {
  const terms = queryTerms(f.q ?? '');
  if (terms.length === 0) throw new DomainError('VALIDATION_FAILED', 'q has no letters or digits to search for');
  const tsquery = toTsQuery(terms);
  const start = f.cursor ? decodeCursor(f.cursor) : null;
  const match = matchSql(p, f, tsquery, start);
  const picked = new Map<string, Hit>();
  const add = (rows: Hit[]) => rows.forEach((r) => picked.has(r.conversation_id) || picked.set(r.conversation_id, r));
  let before = start;
  let exhausted = false;
  for (const size of windows ?? (await walkWindows(deps, terms, f.limit))) {
    if (picked.size > f.limit) break;
    const edge = await windowEdge(deps, p, before, size);
    add(await walkWindow(deps, p, match, before, edge));
    if (!edge) exhausted = true;
    if (!edge) break;
    before = edge;
  }
  if (picked.size <= f.limit && !exhausted) add(await fromIndex(deps, p, match, before));
  return page(deps, [...picked.values()], f.limit);
}

/** Window sizes for a common query (expected share ≥ COMMON_SHARE): enough messages to fill the page twice over. */
async function walkWindows(deps: Deps, terms: QueryTerm[], limit: number): Promise<number[]> {
  const share = await estimatedShare(deps, terms);
  if (share < COMMON_SHARE) return [];
  const first = Math.min(MAX_WINDOW, Math.max(500, Math.ceil((2 * (limit + 1)) / share)));
  return first < MAX_WINDOW ? [first, MAX_WINDOW - first] : [MAX_WINDOW];
}

/** Conditions every matching message meets: the terms, the conversation filters, not shown on an earlier page. */
function matchSql(p: Principal, f: ConversationFilter, tsquery: string, start: Key | null): RawBuilder<boolean> {
  const earlier = start
    ? sql`AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = m.conversation_id AND n.search @@ ${tsquery}::tsquery
          AND (n.created_at, n.id) >= (${start[0]}::int8, ${start[1]}::text))`
    : sql``;
  return sql<boolean>`m.search @@ ${tsquery}::tsquery AND ${filterSql(p, f)} ${earlier}`;
}

const olderThan = (key: Key | null, alias = 'messages') =>
  key ? sql`AND (${sql.ref(`${alias}.created_at`)}, ${sql.ref(`${alias}.id`)}) < (${key[0]}::int8, ${key[1]}::text)` : sql``;

/** The oldest message of the next window of `size` (an index-only walk), or null when fewer remain. */
async function windowEdge(deps: Deps, p: Principal, before: Key | null, size: number): Promise<Key | null> {
  const { rows } = await sql<{ created_at: number; id: string }>`
    SELECT created_at, id FROM messages WHERE workspace_id = ${p.workspaceId} ${olderThan(before)}
    ORDER BY created_at DESC, id DESC OFFSET ${size - 1} LIMIT 1`.execute(deps.db);
  return rows[0] ? [Number(rows[0].created_at), rows[0].id] : null;
}

/** Matches among the messages from `edge` (inclusive, or the very first) up to `before`, read in time order. */
async function walkWindow(deps: Deps, p: Principal, match: RawBuilder<boolean>, before: Key | null, edge: Key | null) {
  const from = edge ? sql`AND (created_at, id) >= (${edge[0]}::int8, ${edge[1]}::text)` : sql``;
  const { rows } = await sql<Hit>`
    WITH m AS MATERIALIZED (
      SELECT id, conversation_id, text, sender, created_at, search FROM messages
      WHERE workspace_id = ${p.workspaceId} ${olderThan(before)} ${from}
    )
    SELECT m.id, m.conversation_id, m.text, m.sender, m.created_at
    FROM m JOIN conversations ON conversations.id = m.conversation_id
    WHERE ${match}
    ORDER BY m.created_at DESC, m.id DESC`.execute(deps.db);
  return rows;
}

/** Older matches from the GIN index (a rare term by now), newest first. */
async function fromIndex(deps: Deps, p: Principal, match: RawBuilder<boolean>, before: Key | null) {
  const { rows } = await sql<Hit>`
    SELECT m.id, m.conversation_id, m.text, m.sender, m.created_at
    FROM messages m JOIN conversations ON conversations.id = m.conversation_id
    WHERE m.workspace_id = ${p.workspaceId} ${olderThan(before, 'm')} AND ${match}
    ORDER BY m.created_at DESC, m.id DESC
    LIMIT ${GIN_ROWS}`.execute(deps.db);
  return rows;
}

async function page(deps: Deps, picked: Hit[], limit: number) {
  const hits = picked.slice(0, limit);
  const convs = hits.length ? await deps.db.selectFrom('conversations').selectAll().where('id', 'in', hits.map((h) => h.conversation_id)).execute() : [];
  const byId = new Map(convs.map((c) => [c.id, c]));
  const items = await withDetails(deps, hits.map((h) => byId.get(h.conversation_id)!));
  const last = hits.at(-1);
  return {
    items: items.map((item, i) => ({
      ...item,
      match: { messageId: hits[i].id, sender: hits[i].sender, text: hits[i].text.slice(0, SNIPPET), createdAt: new Date(Number(hits[i].created_at)).toISOString() },
    })),
    nextCursor: picked.length > limit && last ? encodeCursor([Number(last.created_at), last.id]) : null,
  };
}
