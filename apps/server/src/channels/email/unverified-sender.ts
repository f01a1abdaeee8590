import type { ChannelRow } from '../../db/schema.ts';
import type { InboundMessage } from '../../inbound/inbound-types.ts';
import type { MailAuth } from './verify-mail.ts';

/** What a mail is taken to be when nobody verified it (a caller that passes no verdict). */
export const UNVERIFIED: MailAuth = { spf: 'none', dkim: 'none', dmarc: 'none', verdict: 'fail' };

/** The contact identity prefix of senders whose mail did not authenticate. */
export const UNVERIFIED_PREFIX = 'unverified:';

/**
 * A mail whose sender is not proven must not land in that sender's
 * conversation, where an agent would take it for the customer (decision
 * 0014). It is filed under its own identity, `unverified:<address>`, named
 * "… (unverified)", so it opens a conversation of its own; a channel whose
 * config says `acceptUnverifiedMail: true` files it as usual (the message
 * still carries the verdict). A channel that sets neither true nor false
 * follows the workspace's security setting of the same name.
 */
export function acceptsUnverified(channel: ChannelRow, workspaceAccepts: boolean): boolean {
  const own = channel.config.acceptUnverifiedMail;
  return typeof own === 'boolean' ? own : workspaceAccepts;
}

export function asVerifiedOrNot(channel: ChannelRow, input: InboundMessage, auth: MailAuth, workspaceAccepts = false): InboundMessage {
  if (auth.verdict === 'pass' || acceptsUnverified(channel, workspaceAccepts)) return input;
  const address = input.contact.externalId;
  return { ...input, contact: { externalId: `${UNVERIFIED_PREFIX}${address}`, name: `${input.contact.name ?? address} (unverified)` } };
}

/** Where a reply to a contact goes: the address itself, without the prefix. */
export const mailRecipient = (externalId: string) => (externalId.startsWith(UNVERIFIED_PREFIX) ? externalId.slice(UNVERIFIED_PREFIX.length) : externalId);
