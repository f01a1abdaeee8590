import { sql } from 'kysely';
import type { Database } from '../db/database.ts';
import type { StreamEvent } from '../platform/stream-event.ts';

/** What is stored of an event: everything the fan-out needs to decide who sees it again. */
type StoredEvent = Pick<StreamEvent, 'type' | 'data' | 'agentIds' | 'conversationId'>;

/** Events are kept for a reconnect, not as an archive: older cursors get `stream.reset`. */
export const RETENTION_MINUTES = 10;

/**
 * The per-workspace event sequence in PostgreSQL (the cursor a socket resumes
 * from). Numbering happens after the change's own COMMIT, in one statement
 * per workspace that bumps a counter row: the row lock is held only until
 * that statement commits, so numbers are committed in order and a reader that
 * sees n+1 also sees n. Any process can replay.
 */
export class StreamLog {
  constructor(private readonly db: Database) {}

  /** Numbers one workspace's events in order and stores them; returns the events with their cursor. */
  async append(workspaceId: string, events: StreamEvent[]): Promise<StreamEvent[]> {
    const stored: StoredEvent[] = events.map((e) => ({ type: e.type, data: e.data, agentIds: e.agentIds, conversationId: e.conversationId }));
    const n = events.length;
    const { rows } = await sql<{ last: string }>`
      WITH bump AS (
        INSERT INTO stream_cursors AS c (workspace_id, seq) VALUES (${workspaceId}, ${n})
        ON CONFLICT (workspace_id) DO UPDATE SET seq = c.seq + excluded.seq
        RETURNING c.seq),
      added AS (
        INSERT INTO stream_events (workspace_id, seq, conversation_id, event)
        SELECT ${workspaceId}, bump.seq - ${n} + x.ord, x.e->>'conversationId', x.e
        FROM bump, jsonb_array_elements(${JSON.stringify(stored)}::jsonb) WITH ORDINALITY AS x(e, ord)
        RETURNING seq)
      SELECT max(seq)::text AS last FROM added`.execute(this.db);
    const first = Number(rows[0]!.last) - n + 1;
    return events.map((e, i) => ({ ...e, cursor: first + i }));
  }

  /** The last number handed out in each workspace (0 for one that has had none). */
  async current(workspaceIds: string[]): Promise<Map<string, number>> {
    const { rows } = await sql<{ workspace_id: string; seq: string }>`
      SELECT workspace_id, seq::text FROM stream_cursors WHERE workspace_id = ANY(${workspaceIds})`.execute(this.db);
    const result = new Map(workspaceIds.map((id) => [id, 0]));
    for (const r of rows) result.set(r.workspace_id, Number(r.seq));
    return result;
  }

  /** The oldest cursor still replayable, or undefined when nothing is stored. */
  async oldest(workspaceId: string): Promise<number | undefined> {
    const { rows } = await sql<{ seq: string | null }>`SELECT min(seq)::text AS seq FROM stream_events WHERE workspace_id = ${workspaceId}`.execute(this.db);
    return rows[0]?.seq == null ? undefined : Number(rows[0].seq);
  }

  /** Events with after < cursor <= upTo, in order; only those conversations' when `conversationIds` is given. */
  async range(workspaceId: string, after: number, upTo: number, conversationIds?: string[]): Promise<StreamEvent[]> {
    const only = conversationIds ? sql`AND conversation_id = ANY(${conversationIds})` : sql``;
    // The text column has its own name: `ORDER BY seq` under `seq::text AS seq` sorted "10" before "6".
    const { rows } = await sql<{ cursor: string; event: StoredEvent }>`
      SELECT seq::text AS cursor, event FROM stream_events
      WHERE workspace_id = ${workspaceId} AND seq > ${after} AND seq <= ${upTo} ${only}
      ORDER BY seq`.execute(this.db);
    return rows.map((r) => ({ ...r.event, workspaceId, cursor: Number(r.cursor) }));
  }

  /**
   * The first `limit` events stored after `after`, in order, however far on they are: a process
   * catching up sees where the table resumes after pruned numbers from the table's rows alone.
   */
  async after(workspaceId: string, after: number, limit: number): Promise<StreamEvent[]> {
    const { rows } = await sql<{ cursor: string; event: StoredEvent }>`
      SELECT seq::text AS cursor, event FROM stream_events
      WHERE workspace_id = ${workspaceId} AND seq > ${after}
      ORDER BY seq LIMIT ${limit}`.execute(this.db);
    return rows.map((r) => ({ ...r.event, workspaceId, cursor: Number(r.cursor) }));
  }

  async prune(): Promise<void> {
    await sql`DELETE FROM stream_events WHERE created_at < now() - make_interval(mins => ${RETENTION_MINUTES})`.execute(this.db);
  }
}
