import { DomainError, notFound } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { conversationView, messageView } from './serialize.ts';
import { agentSeesAll, assertMayRead, ownOrQueued } from './transcript-access.ts';

export interface ConversationFilter {
  status?: string;
  channelId?: string;
  assigneeId?: string;
  limit: number;
  cursor?: string;
}

/** Cursors are opaque to clients: the sort key of the last item seen. */
const encodeCursor = (key: [number, string]) => Buffer.from(JSON.stringify(key)).toString('base64url');
function decodeCursor(cursor: string): [number, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && typeof key[0] === 'number' && typeof key[1] === 'string') return key as [number, string];
  } catch {
    // falls through to the error below
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not one this server issued');
}

/**
 * `waiting` lists in queue order (R2 key, then id); everything else newest
 * first. Keyset pagination: stable under inserts, no OFFSET scans.
 */
export async function listConversations(deps: Deps, p: Principal, f: ConversationFilter) {
  const queueOrder = f.status === 'waiting';
  const sortColumn = queueOrder ? 'queue_key' : 'created_at';
  let q = deps.db.selectFrom('conversations').selectAll().where('workspace_id', '=', p.workspaceId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.channelId) q = q.where('channel_id', '=', f.channelId);
  if (f.assigneeId) q = q.where('assignee_id', '=', f.assigneeId);
  if (!(await agentSeesAll(deps, p))) q = q.where(ownOrQueued(p.agentId));
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
  return { items: page.map(conversationView), nextCursor };
}

export async function getConversation(deps: Deps, p: Principal, id: string) {
  const row = await deps.db.selectFrom('conversations').selectAll().where('id', '=', id).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
  if (!row) throw notFound('conversation', id);
  await assertMayRead(deps, p, row);
  return { ...conversationView(row), queuePosition: row.status === 'waiting' ? await queuePosition(deps, row) : null };
}

/** 1-based place among waiting conversations with the same requirements. */
export async function queuePosition(deps: Deps, row: { workspace_id: string; skills: string[]; queue_key: number | null; id: string }) {
  const ahead = await deps.db
    .selectFrom('conversations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', row.workspace_id)
    .where('status', '=', 'waiting')
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
  return { items: rows.map(messageView) };
}

export async function listConversationEvents(deps: Deps, p: Principal, id: string) {
  await assertVisible(deps, p, id);
  const rows = await deps.db.selectFrom('conversation_events').selectAll().where('conversation_id', '=', id).orderBy('id').execute();
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
