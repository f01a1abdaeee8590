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
  private rows: Array<{ seq: number; kind: string; event: string; note: string | null }> = [];

  constructor(
    private readonly tx: Tx,
    private readonly workspaceId: string,
    private readonly version: number,
  ) {
    tx.beforeCommit(() => this.flush());
  }

  /** The engine's whole state when this workspace's recording begins (once per workspace). */
  origin(snapshot: RoutingSnapshot) {
    this.rows.push({ seq: this.rows.length, kind: 'origin', event: JSON.stringify(snapshot), note: null });
  }

  add(event: RoutingEvent, note: string | null) {
    this.rows.push({ seq: this.rows.length, kind: event.type, event: JSON.stringify(event), note });
  }

  private async flush() {
    if (this.rows.length === 0) return;
    const { tx, workspaceId, version } = this;
    await tx.db
      .insertInto('routing_inputs')
      .values(this.rows.map((r) => ({ workspace_id: workspaceId, version, seq: r.seq, at: tx.now, kind: r.kind, event: r.event, note: r.note })))
      .execute();
    this.rows = [];
  }
}
