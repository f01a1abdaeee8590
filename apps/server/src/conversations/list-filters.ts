import { DomainError } from '@switchboard/core';
import { sql, type RawBuilder, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { ConversationRow, ConversationsTable, DB } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { listDetails } from './list-details.ts';
import { tagsOf } from '../agent-tools/tags.ts';
import { conversationView } from './serialize.ts';

export interface ConversationFilter {
  status?: string;
  channelId?: string;
  assigneeId?: string;
  contactId?: string;
  /** ISO times: conversations created in [from, to). */
  from?: string;
  to?: string;
  /** Message text to find (words, or Chinese / Japanese phrases). */
  q?: string;
  /** A service-reason tag's id or name (agent tools). */
  tag?: string;
  limit: number;
  cursor?: string;
  /** Set by the server, never by a client: restricts to the caller's own conversations and the queues. */
  onlyOwnOrQueued?: boolean;
}

/** Cursors are opaque to clients: the sort key of the last item seen. */
export const encodeCursor = (key: [number, string]) => Buffer.from(JSON.stringify(key)).toString('base64url');
export function decodeCursor(cursor: string): [number, string] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && typeof key[0] === 'number' && typeof key[1] === 'string') return key as [number, string];
  } catch {
    // falls through to the error below
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not one this server issued');
}

type ConversationQuery = SelectQueryBuilder<DB, 'conversations', Selectable<ConversationsTable>>;

/** The filters every list shares, as one condition on `conversations` (usable in any query that has it in scope). */
export function filterSql(p: Principal, f: ConversationFilter): RawBuilder<boolean> {
  const parts = [sql`conversations.workspace_id = ${p.workspaceId}`];
  if (f.status) parts.push(sql`conversations.status = ${f.status}`);
  if (f.channelId) parts.push(sql`conversations.channel_id = ${f.channelId}`);
  if (f.assigneeId) parts.push(sql`conversations.assignee_id = ${f.assigneeId}`);
  if (f.contactId) parts.push(sql`conversations.contact_id = ${f.contactId}`);
  if (f.from) parts.push(sql`conversations.created_at >= ${Date.parse(f.from)}::int8`);
  if (f.to) parts.push(sql`conversations.created_at < ${Date.parse(f.to)}::int8`);
  if (f.tag) {
    parts.push(sql`EXISTS (SELECT 1 FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id
      WHERE ct.conversation_id = conversations.id AND (t.id = ${f.tag} OR lower(t.name) = lower(${f.tag})))`);
  }
  // An agent who may not read other agents' transcripts (transcript-access.ts) finds only its own and the queues.
  if (f.onlyOwnOrQueued) {
    const own = p.agentId ? sql` OR conversations.assignee_id = ${p.agentId} OR conversations.offer_agent_id = ${p.agentId}` : sql``;
    parts.push(sql`(conversations.status IN ('waiting', 'dispatching')${own})`);
  }
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

export const applyFilters = <Q extends ConversationQuery>(q: Q, p: Principal, f: ConversationFilter): Q => q.where(filterSql(p, f)) as Q;

/** Conversation items with their list details, in the order given. */
export async function withDetails(deps: Deps, rows: ConversationRow[]) {
  const details = await listDetails(deps.db, rows.map((r) => r.id));
  const tags = await tagsOf(deps.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...conversationView(r), ...details.get(r.id), tags: tags.get(r.id) ?? [] }));
}

