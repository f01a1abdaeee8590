import type { Kysely } from 'kysely';
import { chosenOption, optionNumber, quickButtons } from '../channels/quick-replies.ts';
import type { DB } from '../db/schema.ts';
import type { InboundMessage } from './inbound-types.ts';

/**
 * A number typed in answer to the bot's quick replies ("2", "２", "#2",
 * 第二個, 2番目, "option 2": channels/quick-replies.ts, `optionNumber`) is
 * the option at that place in the list (#17). Text channels show the options
 * numbered when they cannot be buttons (LINE and Messenger past 13, WhatsApp
 * past 10, titles that read the same once cut), and a customer may type the
 * number even under buttons; the bot then reads the option's value, as if
 * tapped (the clarifying question's article, helpful / not helpful). Mail
 * does the same by its own thread (channels/email/quick-replies.ts).
 *
 * Only while the bot holds the conversation, and only against the bot's own
 * newest message: a number after the customer has written something else, or
 * after a message without options, stays the customer's text. A script reads
 * its options itself (by position too). As with a tap and a mail reply
 * (decision 0020), the message stored is the option's value, so the
 * transcript reads as the choice; what was typed is kept in its platform
 * meta (`typed`).
 */
export async function withTypedChoice(db: Kysely<DB>, conv: { id: string; status: string } | undefined, input: InboundMessage): Promise<InboundMessage> {
  const value = await typedChoice(db, conv, input.text);
  return value === input.text ? input : { ...input, text: value, platformMeta: { ...input.platformMeta, typed: input.text } };
}

async function typedChoice(db: Kysely<DB>, conv: { id: string; status: string } | undefined, text: string): Promise<string> {
  if (!conv || conv.status !== 'bot' || optionNumber(text) === undefined) return text;
  const newest = await db
    .selectFrom('messages')
    .select(['sender', 'attachments'])
    .where('conversation_id', '=', conv.id)
    .where('private', '=', false)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (newest?.sender !== 'bot') return text;
  return chosenOption(text, quickButtons(newest.attachments))?.value ?? text;
}
