import { notFound } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { searchConversations } from './conversation-search.ts';
import { articleOf, articleTitles } from './event-articles.ts';
import { applyFilters, decodeCursor, encodeCursor, withDetails, type ConversationFilter } from './list-filters.ts';
import { messageView } from './serialize.ts';
import { presentFiles } from '../attachments/message-files.ts';
import { agentSeesAll, assertMayRead } from './transcript-access.ts';
import { standingsOf, type Standing } from '../policy/wait-standing.ts';

/**
 * `waiting` lists in queue order (R2 key, then id); everything else newest
 * first; with `q`, the conversations whose messages hold the text, latest
 * match first (conversation-search.ts). Keyset pagination: stable under
 * inserts, no OFFSET scans. Each item carries what a person reads a list by
 * (contact, channel, last message: list-details.ts).
 */
export async function listConversations(deps: Deps, p: Principal, f: ConversationFilter) {
  // One visibility rule for lists and search (list-filters.ts filterSql).
  const visible = { ...f, onlyOwnOrQueued: !(await agentSeesAll(deps, p)) };
  if (f.q !== undefined && f.q.trim() !== '') return searchConversations(deps, p, visible);
  const queueOrder = f.status === 'waiting';
  const sortColumn = queueOrder ? 'queue_key' : 'created_at';
  let q = applyFilters(deps.db.selectFrom('conversations').selectAll(), p, visible);
  if (f.cursor) {
    const [k, id] = decodeCursor(f.cursor);
    q = queueOrder
      ? q.where(sql<boolean>`(queue_key, id) > (${k}, ${id})`)
      : q.where(sql<boolean>`(created_at, id) < (${k}, ${id})`);
  }
  const dir = queueOrder ? 'asc' : 'desc';
  const rows = await q.orderBy(sortColumn, dir).orderBy('id', dir).limit(f.limit + 1).execute();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > f.limit && last ? encodeCursor([(queueOrder ? last.queue_key : last.created_at) ?? 0, last.id]) : null;
  return { items: withStandings(await withDetails(deps, page), await standingsOf(deps.db, p.workspaceId, page.filter(stillWaiting))), nextCursor };
}

/** R12 on the item: where a conversation still waiting for a person stands, and the honest estimate. */
const stillWaiting = (r: { status: string; offer_agent_id: string | null }) => r.status === 'waiting' || (r.status === 'dispatching' && r.offer_agent_id === null);

function withStandings<T extends { id: string }>(items: T[], standings: Map<string, Standing>) {
  return items.map((item) => {
    const s = standings.get(item.id);
    const eta = s?.estimatedWaitSeconds ?? null;
    return { ...item, queuePosition: s?.position ?? null, estimatedWaitSeconds: eta === null ? null : Math.round(eta) };
  });
}


export async function getConversation(deps: Deps, p: Principal, id: string) {
  const row = await deps.db.selectFrom('conversations').selectAll().where('id', '=', id).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
  if (!row) throw notFound('conversation', id);
  await assertMayRead(deps, p, row);
  const [item] = withStandings(await withDetails(deps, [row]), await standingsOf(deps.db, p.workspaceId, stillWaiting(row) ? [row] : []));
  return item;
}

/** 1-based place among waiting conversations with the same requirements. */
export async function queuePosition(deps: Deps, row: { workspace_id: string; skills: string[]; queue_key: number | null; id: string }) {
  const ahead = await deps.db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', row.workspace_id)
    // Those still waiting for a person ahead of it, as core's queueStanding counts them (R12).
    .where(sql<boolean>`(status = 'waiting' OR (status = 'dispatching' AND offer_agent_id IS NULL))`)
    .where(sql<boolean>`skills = ${JSON.stringify(row.skills)}::jsonb`)
    .where(sql<boolean>`(queue_key, id) < (${row.queue_key ?? 0}, ${row.id})`)
    .executeTakeFirstOrThrow();
  return Number(ahead.n) + 1;
}

async function assertVisible(deps: Deps, p: Principal, id: string) {
  const row = await deps.db
    .selectFrom('conversations')
    .select(['id', 'status', 'assignee_id', 'offer_agent_id'])
    .where('id', '=', id)
    .where('workspace_id', '=', p.workspaceId)
    .executeTakeFirst();
  if (!row) throw notFound('conversation', id);
  await assertMayRead(deps, p, row);
}

export async function listMessages(deps: Deps, p: Principal, id: string) {
  await assertVisible(deps, p, id);
  const rows = await deps.db.selectFrom('messages').selectAll().where('conversation_id', '=', id).orderBy('seq').execute();
  return { items: rows.map((m) => ({ ...messageView(m), attachments: presentFiles(deps, m.attachments) })) };
}

export async function listConversationEvents(deps: Deps, p: Principal, id: string) {
  await assertVisible(deps, p, id);
  const rows = await deps.db.selectFrom('conversation_events').selectAll().where('conversation_id', '=', id).orderBy('id').execute();
  const titles = await articleTitles(deps, p.workspaceId, rows);
  return {
    items: rows.map((e) => ({
      id: Number(e.id),
      type: e.type,
      at: new Date(e.at).toISOString(),
      from: e.from_status,
      to: e.to_status,
      cause: e.cause,
      actor: { type: e.actor_type, id: e.actor_id },
      data: e.data,
      ...articleOf(e, titles),
    })),
  };
}

/** Open conversations per status, and those completed in the last 24 hours: one grouped count, not six lists. */
export async function countConversations(deps: Deps, p: Principal) {
  const since = deps.clock.now() - 24 * 60 * 60 * 1000;
  const rows = await deps.db
    .selectFrom('conversations')
    .select(['status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', p.workspaceId)
    .where((eb) => eb.or([eb('status', '<>', 'completed'), eb('closed_at', '>=', since)]))
    .groupBy('status')
    .execute();
  const counts = { bot: 0, script: 0, waiting: 0, dispatching: 0, processing: 0, completedLast24h: 0 };
  for (const r of rows) {
    if (r.status === 'completed') counts.completedLast24h = Number(r.n);
    else if (r.status in counts) counts[r.status as keyof typeof counts] = Number(r.n);
  }
  return counts;
}
