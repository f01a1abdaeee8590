import { DomainError, notFound } from '@switchboard/core';
import { randomBytes } from 'node:crypto';
import { hashToken, newToken } from '../../platform/secrets.ts';
import { transact, type Deps } from '../../platform/deps.ts';
import { ensureContact } from '../../contacts/contacts.ts';
import { liveStandings } from '../../policy/live-standing.ts';
import { assertPreChat, widgetSettings } from './settings.ts';
import { presentFiles } from '../../attachments/message-files.ts';
import { limitVisitorSession } from '../../security/visitor-limits.ts';

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

/**
 * A new visitor: a contact of its own and a token only the visitor's browser holds (we keep its hash).
 * The pre-chat form's name names the contact; its email is the contact's `email` attribute.
 */
export async function createSession(deps: Deps, channelId: string, preChat: { name?: string; email?: string } = {}, caller?: { ip: string; bearer?: string }) {
  const channel = await webchatChannel(deps, channelId);
  // SPEC §7: rate limited per client address and per channel (security/visitor-limits.ts).
  if (caller) await limitVisitorSession(deps, channel, caller.ip, caller.bearer);
  assertPreChat(widgetSettings(channel), preChat);
  const { name, email } = preChat;
  const sessionToken = newToken('wcs');
  const visitorId = `visitor_${randomBytes(12).toString('base64url')}`;
  const contactId = await transact(deps, async (tx) => {
    const id = await ensureContact(deps, tx, channel.workspace_id, channel.id, { externalId: visitorId, name });
    if (email) await tx.db.updateTable('contacts').set({ attributes: JSON.stringify({ email }) }).where('id', '=', id).execute();
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
  const rows = conv
    ? await deps.db
        .selectFrom('messages')
        .leftJoin('agents', 'agents.id', 'messages.agent_id')
        .selectAll('messages')
        .select('agents.name as agent_name')
        .where('conversation_id', '=', conv.id)
        // Internal notes are staff only (agent tools).
        .where('messages.private', '=', false)
        .orderBy('seq')
        .execute()
    : [];
  return {
    channelId: s.channelId,
    contactId: s.contactId,
    conversation: conv ? { id: conv.id, status: conv.status, ...(await standingOf(deps, conv)) } : null,
    messages: rows.map((m) => visitorMessage({ ...m, attachments: presentFiles(deps, m.attachments) })),
  };
}

/** R12 as the widget shows it on (re)load: the same standing the `queue.position` frame carries. */
async function standingOf(deps: Deps, conv: { id: string; workspace_id: string; status: string }) {
  if (conv.status !== 'waiting') return { queuePosition: null, queue: null };
  const queue = (await liveStandings(deps.db, conv.workspace_id, [conv.id], deps.clock.now())).get(conv.id) ?? null;
  return { queuePosition: queue?.position ?? null, queue };
}

type MessageFields = { id: string; sender: string; text: string; attachments: unknown; created_at: number; agent_name?: string | null };

/** What a visitor may see of a message: no agent ids, no delivery internals; who answered, by name. */
export function visitorMessage(m: MessageFields) {
  const base = { id: m.id, sender: m.sender, text: m.text, attachments: m.attachments, createdAt: new Date(m.created_at).toISOString() };
  return m.sender === 'agent' ? { ...base, agentName: m.agent_name ?? null } : base;
}
