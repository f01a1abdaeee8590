import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';

/** 1-based places in the queue (among waiting conversations with the same skills) of the given conversations. */
export async function queuePositions(db: Database, workspaceId: string, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ id: string; position: string }>`
    SELECT id, position::text FROM (
      SELECT id, row_number() OVER (PARTITION BY skills ORDER BY coalesce(queue_key, 0), id) AS position
      FROM conversations WHERE workspace_id = ${workspaceId} AND status = 'waiting') q
    WHERE id = ANY(${ids})`.execute(db);
  return new Map(rows.map((r) => [r.id, Number(r.position)]));
}

/**
 * Recomputes one workspace's visitor queue positions in this process: one
 * query for all of its visitors, however many status changes asked for it
 * meanwhile (a burst of routing events costs one query, not one per socket).
 */
export class PositionTracker {
  private running = false;
  private again = false;

  constructor(
    private readonly db: Database,
    private readonly log: Logger,
    private readonly workspaceId: string,
    private readonly waiting: () => string[],
    private readonly show: (positions: Map<string, number>) => void,
  ) {}

  async request(): Promise<void> {
    if (this.running) return void (this.again = true);
    this.running = true;
    try {
      do {
        this.again = false;
        const ids = this.waiting();
        if (ids.length > 0) this.show(await queuePositions(this.db, this.workspaceId, ids));
      } while (this.again);
    } catch (error) {
      this.log.warn({ err: error }, 'queue position check failed');
    } finally {
      this.running = false;
    }
  }
}
