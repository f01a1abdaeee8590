import type { ParsedMail } from 'mailparser';
import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import type { InboundMessage } from '../../inbound/inbound-types.ts';

const MAX_REFERENCES = 50;

export interface MailThread {
  conversationId: string;
  contactId: string;
  status: string;
}

/** In-Reply-To first, then References from the newest: the message ids a reply names. */
export function threadIds(mail: Pick<ParsedMail, 'inReplyTo' | 'references'>): string[] {
  const refs = Array.isArray(mail.references) ? mail.references : mail.references ? mail.references.split(/\s+/) : [];
  const ids = [mail.inReplyTo, ...refs.reverse()].filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [...new Set(ids)].slice(0, MAX_REFERENCES);
}

/**
 * The conversation a mail answers, by the Message-IDs it names: ours (every
 * sent reply is recorded in email_headers) or the customer's earlier mails,
 * on this channel. In-Reply-To wins over References; among References, the
 * newest.
 */
export async function findThread(deps: Deps, channel: ChannelRow, ids: string[]): Promise<MailThread | undefined> {
  if (ids.length === 0) return undefined;
  const rows = await deps.db
    .selectFrom('email_headers')
    .innerJoin('conversations', 'conversations.id', 'email_headers.conversation_id')
    .select(['email_headers.rfc_message_id', 'conversations.id', 'conversations.contact_id', 'conversations.status'])
    .where('conversations.channel_id', '=', channel.id)
    .where('email_headers.rfc_message_id', 'in', ids)
    .execute();
  const best = ids.map((id) => rows.find((r) => r.rfc_message_id === id)).find(Boolean);
  return best && { conversationId: best.id, contactId: best.contact_id, status: best.status };
}

/**
 * Threading by In-Reply-To/References first (issue #14): a verified answer
 * from an address we do not know yet (the customer's other mailbox, a
 * colleague in the thread) becomes an identity of the thread's contact, so it
 * joins that contact's open conversation instead of opening an unlinked one.
 * A reply after the conversation was closed opens a new one that names the
 * earlier (`platform.thread`). Unverified mail never joins (decision 0014):
 * the caller passes only verified input here.
 */
export async function threadInput(deps: Deps, channel: ChannelRow, input: InboundMessage, thread: MailThread | undefined, verified: boolean): Promise<InboundMessage> {
  if (!thread) return input;
  let contactId = thread.contactId;
  if (verified) {
    await deps.db
      .insertInto('contact_identities')
      .values({ workspace_id: channel.workspace_id, channel_id: channel.id, external_id: input.contact.externalId, contact_id: thread.contactId })
      .onConflict((oc) => oc.columns(['channel_id', 'external_id']).doNothing())
      .execute();
    const identity = await deps.db
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('channel_id', '=', channel.id)
      .where('external_id', '=', input.contact.externalId)
      .executeTakeFirst();
    contactId = identity?.contact_id ?? '';
  }
  const joins = verified && contactId === thread.contactId && thread.status !== 'completed';
  if (joins) return input;
  return { ...input, platformMeta: { ...input.platformMeta, thread: { conversationId: thread.conversationId } } };
}
