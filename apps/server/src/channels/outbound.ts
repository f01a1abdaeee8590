import type { ConversationRow, MessageRow } from '../db/schema.ts';
import type { Tx } from '../tx.ts';

/**
 * Called in the same transaction that stores an agent's or the bot's message,
 * so the outbox row commits with the message or not at all.
 */
export async function enqueueOutbound(_tx: Tx, _conv: ConversationRow, _message: MessageRow): Promise<void> {}
