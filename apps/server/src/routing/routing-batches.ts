import { sql } from 'kysely';
import type { NewConversationEvent } from '../db/schema.ts';
import { inTransaction, isRetryable, type Tx, type TxDeps } from '../platform/tx.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import type { RoutingService } from './routing-service.ts';

/** The most units one transaction takes: a bound on how long the lock is held by one COMMIT. */
const MAX_BATCH = 32;
const MAX_ATTEMPTS = 5;

interface Unit {
  work: (tx: Tx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
}

interface UnitTx extends Tx {
  events: StreamEvent[];
  commits: Array<() => void>;
  rollbacks: Array<() => void>;
}

type Outcome = { unit: Unit; ok: true; value: unknown } | { unit: Unit; ok: false; error: unknown };

/**
 * Group commit for routing (SPEC §6: ≥ 300 routing events/s in one workspace).
 * Routing in a workspace is a sequence under one lock; each routing request
 * used to be its own transaction, so the lock was held across a COMMIT per
 * close, accept or presence change. Here the requests that queue up while
 * one transaction runs go together into the next: one lock, one COMMIT, each
 * request in a SAVEPOINT of its own, so a request that fails (a closed
 * conversation, an offer that expired) rolls back alone and answers its own
 * error. A rolled-back request that had already moved the engine gets the
 * engine rebuilt from the tables as the transaction now sees them. Events are
 * published after the COMMIT, in the order the requests ran; a request alone
 * runs exactly as an ordinary transaction (nothing waits to fill a batch).
 */
export class RoutingBatches {
  private readonly waiting = new Map<string, Unit[]>();
  private readonly running = new Set<string>();

  constructor(private readonly routing: RoutingService) {}

  /** Runs `work` in a routing transaction of `workspaceId`, alone or with others queued behind the same lock. */
  run<T>(deps: TxDeps, workspaceId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queue = this.waiting.get(workspaceId) ?? [];
      queue.push({ work, resolve: resolve as (v: unknown) => void, reject, attempts: 0 });
      this.waiting.set(workspaceId, queue);
      if (!this.running.has(workspaceId)) void this.drain(deps, workspaceId);
    });
  }

  private async drain(deps: TxDeps, workspaceId: string) {
    this.running.add(workspaceId);
    try {
      for (let queue = this.waiting.get(workspaceId); queue && queue.length > 0; queue = this.waiting.get(workspaceId)) {
        await this.runBatch(deps, workspaceId, queue.splice(0, MAX_BATCH));
      }
    } finally {
      this.running.delete(workspaceId);
      if (this.waiting.get(workspaceId)?.length === 0) this.waiting.delete(workspaceId);
    }
  }

  private async runBatch(deps: TxDeps, workspaceId: string, units: Unit[]) {
    if (units.length === 1) {
      const [unit] = units as [Unit];
      await inTransaction(deps, unit.work).then(unit.resolve, unit.reject);
      return;
    }
    let outcomes: Outcome[] = [];
    try {
      await inTransaction(deps, async (tx) => {
        outcomes = [];
        const session = await this.routing.begin(tx, workspaceId);
        for (const [i, unit] of units.entries()) {
          const view = unitTx(tx, deps);
          session.bind(view);
          await sql.raw(`SAVEPOINT routing_unit_${i}`).execute(tx.db);
          try {
            const value = await unit.work(view);
            if (view.history.length > 0) await tx.db.insertInto('conversation_events').values(view.history).execute();
            await sql.raw(`RELEASE SAVEPOINT routing_unit_${i}`).execute(tx.db);
            for (const e of view.events) tx.emit(e);
            for (const fn of view.commits) tx.onCommit(fn);
            outcomes.push({ unit, ok: true, value });
          } catch (error) {
            await sql.raw(`ROLLBACK TO SAVEPOINT routing_unit_${i}`).execute(tx.db);
            for (const fn of view.rollbacks) fn();
            if (session.changed) await session.rebuild();
            outcomes.push({ unit, ok: false, error });
          }
        }
        session.bind(tx);
      });
    } catch (error) {
      // The shared transaction itself failed (COMMIT, the connection): nothing of it happened.
      for (const unit of units) unit.reject(error);
      return;
    }
    const again: Unit[] = [];
    for (const o of outcomes) {
      if (o.ok) o.unit.resolve(o.value);
      // RetryTransaction (a unit asking to start over) carries 40001 too.
      else if (isRetryable(o.error) && ++o.unit.attempts < MAX_ATTEMPTS) again.push(o.unit);
      else o.unit.reject(o.error);
    }
    // A unit to run again (a deadlock inside it, or it asked to start over) goes first in the next transaction.
    if (again.length > 0) this.waiting.set(workspaceId, [...again, ...(this.waiting.get(workspaceId) ?? [])]);
  }
}

function unitTx(root: Tx, deps: TxDeps): UnitTx {
  const view: UnitTx = {
    db: root.db,
    now: deps.clock.now(),
    events: [],
    commits: [],
    rollbacks: [],
    emit: (e) => view.events.push(e),
    onCommit: (fn) => view.commits.push(fn),
    onRollback: (fn) => view.rollbacks.push(fn),
    locals: root.locals,
    history: [] as NewConversationEvent[],
    beforeCommit: (fn) => root.beforeCommit(fn),
    root,
  };
  return view;
}
