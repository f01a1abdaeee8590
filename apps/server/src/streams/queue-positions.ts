import type { QueueStanding } from '@switchboard/protocol';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import { liveStandings } from '../policy/live-standing.ts';

/**
 * Recomputes one workspace's visitor queue standings (position, estimate,
 * agents ready, closed until; policy/live-standing.ts) in this process: one
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
    private readonly show: (standings: Map<string, QueueStanding>) => void,
    private readonly now: () => number,
  ) {}

  async request(): Promise<void> {
    if (this.running) return void (this.again = true);
    this.running = true;
    try {
      do {
        this.again = false;
        const ids = this.waiting();
        if (ids.length > 0) this.show(await liveStandings(this.db, this.workspaceId, ids, this.now()));
      } while (this.again);
    } catch (error) {
      this.log.warn({ err: error }, 'queue position check failed');
    } finally {
      this.running = false;
    }
  }
}
