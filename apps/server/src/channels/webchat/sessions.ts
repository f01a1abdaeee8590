import { DomainError, notFound } from '@switchboard/core';
import { randomBytes } from 'node:crypto';
import { hashToken, newToken } from '../../platform/secrets.ts';
import { transact, type Deps } from '../../platform/deps.ts';
import { ensureContact } from '../../contacts/contacts.ts';
import { queuePosition } from '../../conversations/conversation-queries.ts';

export interface VisitorSession {
  tokenHash: string;
  workspaceId: string;
  channelId: string;
  contactId: string;
  visitorId: string;
}

export async function webchatChannel(deps: Deps, channelId: string) {
  const channel = await deps.db.selectFrom('channels').selectAll().where('id', '=', channelId).where('type', '=', 'webchat').executeTakeFirst();
  if (!channel) throw notFound('webchat channel', channelId);
  return channel;
}

/** A new visitor: a contact of its own and a token only the visitor's browser holds (we keep its hash). */
export async function createSession(deps: Deps, channelId: string, name: string | undefined) {
  const channel = await webchatChannel(deps, channelId);
  const sessionToken = newToken('wcs');
  const visitorId = `visitor_${randomBytes(12).toString('base64url')}`;
  const contactId = await transact(deps, async (tx) => {
    const id = await ensureContact(deps, tx, channel.workspace_id, channel.id, { externalId: visitorId, name });
    await tx.db
      .insertInto('webchat_sessions')
      .values({ token_hash: hashToken(sessionToken), workspace_id: channel.workspace_id, channel_id: channel.id, contact_id: id, visitor_id: visitorId, last_read_message_id: null, created_at: tx.now })
      .execute();
    return id;
  });
  return { sessionToken, contactId, channelId: channel.id };
}

export async function resolveSession(deps: Deps, token: string | undefined): Promise<VisitorSession> {
  const row = token ? await deps.db.selectFrom('webchat_sessions').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst() : undefined;
  if (!row) throw new DomainError('UNAUTHENTICATED', 'send Authorization: Bearer <sessionToken> from POST /webchat/:channelId/sessions');
  return { tokenHash: row.token_hash, workspaceId: row.workspace_id, channelId: row.channel_id, contactId: row.contact_id, visitorId: row.visitor_id };
}

/** The visitor's open conversation, else their latest one: what the widget shows after a reload. */
export async function currentConversation(deps: Deps, s: VisitorSession) {
  return deps.db
    .selectFrom('conversations')
    .selectAll()
    .where('channel_id', '=', s.channelId)
    .where('contact_id', '=', s.contactId)
    .orderBy((eb) => eb.case().when('status', '<>', 'completed').then(0).else(1).end())
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function sessionState(deps: Deps, s: VisitorSession) {
  const conv = await currentConversation(deps, s);
  const rows = conv ? await deps.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).orderBy('seq').execute() : [];
  return {
    channelId: s.channelId,
    contactId: s.contactId,
    conversation: conv ? { id: conv.id, status: conv.status, queuePosition: conv.status === 'waiting' ? await queuePosition(deps, conv) : null } : null,
    messages: rows.map(visitorMessage),
  };
}

/** What a visitor may see of a message: no agent ids, no delivery internals. */
export function visitorMessage(m: { id: string; conversation_id?: string; sender: string; text: string; attachments: unknown; created_at: number }) {
  return { id: m.id, sender: m.sender, text: m.text, attachments: m.attachments, createdAt: new Date(m.created_at).toISOString() };
}
