import type { RoutingEvent, RoutingSnapshot } from '@switchboard/core';
import type { Tx } from '../platform/tx.ts';

/**
 * The routing engine's input log (decision 0016-replay-inputs): every event a
 * routing transaction feeds the engine, numbered by the workspace's
 * routing_version (the lock's order) and its place in the transaction, so a
 * replay hears the same things in the same order. Written in one insert at
 * the end of the transaction, with everything else it commits.
 */
export class RoutingInputLog {
  private rows: Array<{ seq: number; at: number; kind: string; event: string; note: string | null }> = [];
  private marked = 0;
  private seq = 0;

  constructor(
    private readonly tx: Tx,
    private readonly workspaceId: string,
    private readonly version: number,
  ) {
    (tx.root ?? tx).beforeCommit(() => this.flush());
  }

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
  }

  private async flush() {
    if (this.rows.length === 0) return;
    const { tx, workspaceId, version } = this;
    await tx.db
      .insertInto('routing_inputs')
      .values(this.rows.map((r) => ({ workspace_id: workspaceId, version, seq: r.seq, at: r.at, kind: r.kind, event: r.event, note: r.note })))
      .execute();
    this.rows = [];
  }
}
