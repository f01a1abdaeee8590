import pg from 'pg';
import { chatAndText, type Delivery } from './duplicates.ts';

/**
 * The sends a process had in flight when it was killed: rows it claimed
 * (`outbox.claimed_by` = host/pid) and had not settled. Read right after the
 * kill, before their lease runs out and another process claims them. Of
 * those, the ones the platform had already answered are the duplicates the
 * kill implies: nobody recorded the answer, so the next claim sends them
 * again (Telegram has no idempotency key). The rest reach it once.
 */
export interface InFlightAtKill {
  kill: number;
  pid: number;
  /** The rows claimed and unsettled at the kill, as the platform sees a send: chat and text (duplicates.ts chatAndText). */
  claimed: string[];
  /** Those of them the platform had answered by then. */
  answered: string[];
}

export async function sendsInFlight(databaseUrl: string, kill: number, pid: number, deliveredNow: () => Delivery[]): Promise<InFlightAtKill> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ chat_id: string; text: string }>(
      `SELECT ci.external_id AS chat_id, m.text FROM outbox o
       JOIN messages m ON m.id = o.message_id
       JOIN conversations c ON c.id = o.conversation_id
       JOIN contact_identities ci ON ci.contact_id = c.contact_id AND ci.channel_id = o.channel_id
       WHERE o.status = 'sending' AND o.claimed_by LIKE '%/' || $1::text`,
      [pid],
    );
    const delivered = new Set(deliveredNow().map(chatAndText));
    const claimed = rows.map(chatAndText);
    return { kill, pid, claimed, answered: claimed.filter((key) => delivered.has(key)) };
  } finally {
    await db.end();
  }
}

export const describeKill = (k: InFlightAtKill) =>
  `kill -9 ${k.kill} (pid ${k.pid}): ${k.claimed.length} sends in flight (claimed, unsettled), ${k.answered.length} of them already answered by the platform`;

/** What the live senders said of their own duplicates (channels/outbox/worker.ts): a lease that lapsed mid-send, an answer never recorded. */
export function senderLog(outputs: string[]): string {
  const count = (text: string) => outputs.reduce((n, o) => n + o.split('\n').filter((l) => l.includes(text)).length, 0);
  return `live senders: ${count('the row was claimed again')} sends whose lease lapsed mid-send, ${count('sent, but could not record it')} answers never recorded`;
}
