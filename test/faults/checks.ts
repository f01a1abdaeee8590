import pg from 'pg';
import type { LoadStats } from './load.ts';
import type { InFlightAtKill } from './in-flight.ts';
import { chatAndText, unrecordedSends, type Delivery } from './duplicates.ts';

export interface Verdict {
  name: string;
  ok: boolean;
  detail: string;
  /** A failure already known and open (its issue's note says so): printed as KNOWN, not failing the run. It must turn ok when fixed. */
  knownBug?: string;
}

/** What must hold after the faults, read from the database's own history. */
export async function verify(databaseUrl: string, stats: LoadStats): Promise<Verdict[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const stored = await db.query<{ key: string; n: number; ids: string[] }>(
      `SELECT channel_id || ':' || external_id AS key, count(*)::int AS n, array_agg(id) AS ids FROM messages
       WHERE sender = 'customer' AND external_id IS NOT NULL GROUP BY channel_id, external_id`,
    );
    const byExternal = new Map(stored.rows.map((r) => [r.key, r]));
    const missing = [...stats.acknowledged.keys()].filter((id) => !byExternal.has(id));
    const twice = stored.rows.filter((r) => r.n > 1);
    const otherId = [...stats.acknowledged].filter(([ext, id]) => id && byExternal.get(ext) && !byExternal.get(ext)!.ids.includes(id));
    const assignedTwice = await db.query(
      `SELECT conversation_id FROM conversation_events WHERE type = 'assigned' GROUP BY conversation_id HAVING count(*) > 1`,
    );
    const overCapacity = await db.query(
      `SELECT a.id FROM agents a WHERE a.capacity < (SELECT count(*) FROM conversations c WHERE c.status = 'processing' AND c.assignee_id = a.id)`,
    );
    const openTwice = await db.query(
      `SELECT contact_id FROM conversations WHERE status NOT IN ('completed') GROUP BY contact_id, channel_id HAVING count(*) > 1`,
    );
    return [
      { name: 'every acknowledged message stored', ok: missing.length === 0, detail: `${stats.acknowledged.size} acknowledged, ${missing.length} missing` },
      { name: 'no message stored twice', ok: twice.length === 0 && otherId.length === 0, detail: `${twice.length} stored twice, ${otherId.length} answered with another id` },
      { name: 'no conversation assigned twice', ok: assignedTwice.rowCount === 0, detail: `${assignedTwice.rowCount} conversations` },
      { name: 'no agent over capacity', ok: overCapacity.rowCount === 0, detail: `${overCapacity.rowCount} agents` },
      { name: 'one open conversation per contact and channel', ok: openTwice.rowCount === 0, detail: `${openTwice.rowCount} contacts` },
    ];
  } finally {
    await db.end();
  }
}

/**
 * Once the outbox is empty: every acknowledged reply reached the platform.
 * A send whose sender died between the platform's answer and recording it
 * arrives twice (delivery is at-least-once and Telegram has no idempotency
 * key): those must be among the sends in flight at a kill (in-flight.ts);
 * any other fails the run. Counted by the platform's message ids
 * (duplicates.ts), not by text.
 */
export async function verifyOutbox(databaseUrl: string, stats: LoadStats, deliveredNow: () => Delivery[], telegramChannelId: string, kills: InFlightAtKill[]): Promise<Verdict[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const until = Date.now() + 60_000;
    let open = Infinity;
    while (open > 0 && Date.now() < until) {
      open = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'sending')`)).rows[0]!.n;
      if (open > 0) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const failed = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'failed'`)).rows[0]!.n;
    const recorded = await db.query<{ id: string }>(`SELECT platform_message_id AS id FROM outbox WHERE channel_id = $1 AND platform_message_id IS NOT NULL`, [telegramChannelId]);
    const deliveries = deliveredNow();
    const texts = new Set(deliveries.map((d) => String(d.text)));
    const missing = [...stats.replies.keys()].filter((text) => !texts.has(text));
    const twice = unrecordedSends(deliveries, new Set(recorded.rows.map((r) => r.id)));
    // A request the killed process had written whole may be answered a moment after the kill (the stand-in reads it
    // late, as a platform would): the bound is every send in flight at a kill, the snapshot's answered ones a floor.
    const inFlightAt = new Map(kills.flatMap((k) => k.claimed.map((key) => [key, k.kill] as const)));
    for (const d of twice) {
      const why = inFlightAt.has(chatAndText(d)) ? `in flight at kill ${inFlightAt.get(chatAndText(d))}` : 'NOT in flight at a kill';
      const again = deliveries.filter((o) => o.n > d.n && chatAndText(o) === chatAndText(d))[0];
      console.log(`sent twice: "${String(d.text).slice(0, 40)}" to chat ${String(d.chat_id)}, answered ${d.answeredAt} (not recorded) and ${again?.answeredAt ?? '?'} (${why})`);
    }
    const beyond = twice.filter((d) => !inFlightAt.has(chatAndText(d)));
    if (beyond.length > 0) {
      const rows = await db.query(
        `SELECT o.id, o.status, o.attempts, o.platform_message_id, o.claimed_by, o.created_at, o.updated_at, m.text FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.text = ANY($1) ORDER BY o.created_at`,
        [beyond.map((d) => String(d.text))],
      );
      console.log('outbox rows of the sends beyond the bound:', JSON.stringify(rows.rows));
      console.log('their deliveries:', JSON.stringify(deliveries.filter((d) => beyond.some((b) => String(b.text) === String(d.text))).map((d) => ({ chat: d.chat_id, n: d.n, at: d.answeredAt, text: String(d.text).slice(0, 20) }))));
    }
    const answered = kills.reduce((n, k) => n + k.answered.length, 0);
    // The count this check used to print: the same text twice, which the R12 waiting message makes without any duplicate.
    const sameText = new Set(deliveries.map((d) => String(d.text)).filter((t, i, all) => all.indexOf(t) !== i)).size;
    if (missing.length > 0) {
      const ids = missing.map((t) => stats.replies.get(t)!);
      const rows = await db.query(`SELECT m.id, m.delivery, m.delivery_error, o.status, o.attempts, o.last_error, o.response FROM messages m LEFT JOIN outbox o ON o.message_id = m.id WHERE m.id = ANY($1)`, [ids]);
      console.log('replies never delivered:', JSON.stringify(rows.rows));
    }
    return [
      { name: 'outbox drained', ok: open === 0 && failed === 0, detail: `${open} still open, ${failed} failed` },
      { name: 'every acknowledged reply delivered', ok: missing.length === 0, detail: `${stats.replies.size} replies, ${missing.length} never delivered` },
      {
        name: 'no send delivered twice but those in flight at a kill',
        ok: beyond.length === 0,
        detail: `${deliveries.length} sends answered, ${twice.length} of them twice; in flight at the kills ${inFlightAt.size} (the bound), ${answered} answered by then; ${beyond.length} beyond; ${sameText} texts seen more than once (not duplicates)`,
      },
    ];
  } finally {
    await db.end();
  }
}
