import pg from 'pg';
import type { LoadStats } from './load.ts';

export interface Verdict {
  name: string;
  ok: boolean;
  detail: string;
}

/** What must hold after the faults, read from the database's own history. */
export async function verify(databaseUrl: string, stats: LoadStats): Promise<Verdict[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const stored = await db.query<{ external_id: string; n: number; ids: string[] }>(
      `SELECT external_id, count(*)::int AS n, array_agg(id) AS ids FROM messages WHERE external_id LIKE 'f-%' GROUP BY external_id`,
    );
    const byExternal = new Map(stored.rows.map((r) => [r.external_id, r]));
    const missing = [...stats.acknowledged.keys()].filter((id) => !byExternal.has(id));
    const twice = stored.rows.filter((r) => r.n > 1);
    const otherId = [...stats.acknowledged].filter(([ext, id]) => byExternal.get(ext) && !byExternal.get(ext)!.ids.includes(id));
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
