import type { RoutingEvent, RoutingSnapshot } from '@switchboard/core';
import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../platform/tx.ts';
import { historyInsert, insertInputs, type InputWrite } from './apply-decisions.ts';

/**
 * The routing engine's input log (decision 0016-replay-inputs): every event a
 * routing transaction feeds the engine, numbered by the workspace's
 * routing_version (the lock's order) and its place in the transaction, so a
 * replay hears the same things in the same order. Written by the statement
 * that writes the decisions they caused (take(): no round trip of their own
 * under the lock), the rest in one insert just before COMMIT.
 */
export class RoutingInputLog {
  private rows: InputRow[] = [];
  private marked = 0;
  /** Rows before this index went into the database with the decisions they caused (take()). */
  private written = 0;
  private seq = 0;

  constructor(
    private readonly tx: Tx,
    private readonly workspaceId: string,
    private readonly version: number,
  ) {}

  /** The engine's whole state when this workspace's recording begins (once per workspace). */
  origin(snapshot: RoutingSnapshot, at: number) {
    this.rows.push({ seq: this.seq++, at, kind: 'origin', event: JSON.stringify(snapshot), note: null });
  }

  /** `at`: the time of the unit of work that fed it (in a group commit each unit has its own). */
  add(event: RoutingEvent, note: string | null, at: number) {
    this.rows.push({ seq: this.seq++, at, kind: event.type, event: JSON.stringify(event), note });
  }

  /** A unit of a group commit starts (routing-batches.ts): what it feeds may yet be rolled back. */
  mark() {
    this.marked = this.rows.length;
  }

  /** The unit rolled back to its savepoint: its inputs are dropped (their seq numbers stay unused). */
  dropSinceMark() {
    this.rows.length = this.marked;
    this.written = Math.min(this.written, this.marked);
  }

  /** The rows not yet written, as the statement that writes them now will (apply-decisions.ts): they are not written again. */
  take(): InputWrite[] {
    const rows = this.rows.slice(this.written);
    this.written = this.rows.length;
    return rows.map((r) => ({ workspace_id: this.workspaceId, version: this.version, ...r }));
  }

  /**
   * Just before COMMIT (routing-service.ts), with the transaction's history still to write and `also`
   * (a data-modifying WITH clause, such as the handle times): all in one statement, one round trip under the lock.
   */
  async flush(also: RawBuilder<unknown> | null) {
    const rows = this.take();
    if (rows.length === 0) {
      if (also) await sql`WITH ${also} SELECT 1`.execute(this.tx.db);
      return;
    }
    const history = this.tx.history.splice(0);
    await sql`WITH ${historyInsert(history)} ${also ? sql`, ${also}` : sql``} ${insertInputs(rows)}`.execute(this.tx.db);
  }
}

/** A row as the log keeps it: its workspace and version are the transaction's. */
type InputRow = Omit<InputWrite, 'workspace_id' | 'version'>;
