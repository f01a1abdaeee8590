import { sql } from 'kysely';
import type { Database } from '../db/database.ts';

/** What a person needs to tell one conversation from another in a list. */
export interface ListDetails {
  contact: { id: string; name: string | null; displayName: string };
  channel: { id: string; type: string; name: string };
  lastMessage: { sender: string; text: string; createdAt: string } | null;
  lastCustomerMessageAt: string | null;
  handoffAt: string | null;
}

interface DetailRow {
  id: string;
  contact_id: string;
  contact_name: string | null;
  channel_id: string;
  channel_type: string;
  channel_name: string;
  handoff_at: number | null;
  last_sender: string | null;
  last_text: string | null;
  last_at: number | null;
  last_customer_at: number | null;
}

export const PREVIEW_LENGTH = 140;
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

/**
 * A readable name when the platform gave none: "Visitor 4821" from the
 * contact id, the same every time, so an agent can say "the 4821 chat".
 */
export function fallbackName(contactId: string): string {
  let h = 0;
  for (const ch of contactId) h = (h * 31 + ch.charCodeAt(0)) % 10_000;
  return `Visitor ${String(h).padStart(4, '0')}`;
}

/**
 * Contact, channel, last message and last customer message of each listed
 * conversation: one statement for the page, each last message an index probe
 * on (conversation_id, seq) from the end. System messages (the waiting,
 * off-hours and idle texts of policy/) are not what a person reads a
 * conversation by: the preview is the last message someone wrote.
 */
export async function listDetails(db: Database, ids: string[]): Promise<Map<string, ListDetails>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<DetailRow>`
    SELECT c.id, c.contact_id, ct.name AS contact_name, c.channel_id, ch.type AS channel_type, ch.name AS channel_name, c.handoff_at,
           lm.sender AS last_sender, left(lm.text, ${PREVIEW_LENGTH}) AS last_text, lm.created_at AS last_at, lc.created_at AS last_customer_at
    FROM conversations c
    JOIN contacts ct ON ct.id = c.contact_id
    JOIN channels ch ON ch.id = c.channel_id
    LEFT JOIN LATERAL (SELECT sender, text, created_at FROM messages m WHERE m.conversation_id = c.id AND m.sender <> 'system' ORDER BY seq DESC LIMIT 1) lm ON true
    LEFT JOIN LATERAL (
      SELECT created_at FROM messages m WHERE m.conversation_id = c.id AND m.sender = 'customer' ORDER BY seq DESC LIMIT 1
    ) lc ON true
    WHERE c.id = ANY(${ids}::text[])`.execute(db);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        contact: { id: r.contact_id, name: r.contact_name, displayName: r.contact_name?.trim() || fallbackName(r.contact_id) },
        channel: { id: r.channel_id, type: r.channel_type, name: r.channel_name },
        lastMessage: r.last_sender === null ? null : { sender: r.last_sender, text: r.last_text ?? '', createdAt: iso(r.last_at)! },
        lastCustomerMessageAt: iso(r.last_customer_at),
        handoffAt: iso(r.handoff_at),
      },
    ]),
  );
}
