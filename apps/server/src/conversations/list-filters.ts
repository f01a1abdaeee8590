import { DomainError } from '@switchboard/core';
import type { Selectable, SelectQueryBuilder } from 'kysely';
import type { ConversationRow, ConversationsTable, DB } from '../db/schema.ts';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { listDetails } from './list-details.ts';
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
  limit: number;
  cursor?: string;
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

/** The filters every list shares, on conversations (aliased or not). */
export function applyFilters<Q extends ConversationQuery>(q: Q, p: Principal, f: ConversationFilter): Q {
  let out = q.where('conversations.workspace_id', '=', p.workspaceId);
  if (f.status) out = out.where('conversations.status', '=', f.status);
  if (f.channelId) out = out.where('conversations.channel_id', '=', f.channelId);
  if (f.assigneeId) out = out.where('conversations.assignee_id', '=', f.assigneeId);
  if (f.contactId) out = out.where('conversations.contact_id', '=', f.contactId);
  if (f.from) out = out.where('conversations.created_at', '>=', Date.parse(f.from));
  if (f.to) out = out.where('conversations.created_at', '<', Date.parse(f.to));
  return out as Q;
}

/** Conversation items with their list details, in the order given. */
export async function withDetails(deps: Deps, rows: ConversationRow[]) {
  const details = await listDetails(deps.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...conversationView(r), ...details.get(r.id) }));
}

