import { sql } from 'kysely';
import type { NewConversationEvent } from '../db/schema.ts';
import { inTransaction, isRetryable, type Tx, type TxDeps } from '../platform/tx.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { RoutingService } from './routing-service.ts';
import { routeHandoffs, type PendingHandoff } from './pending-handoffs.ts';

/** The most units one transaction takes: a bound on how long the lock is held by one COMMIT. */
const MAX_BATCH = 32;
const MAX_ATTEMPTS = 5;

interface Unit {
  /** A request's own work (in a savepoint), or a pending hand-off (all of a batch's at once: pending-handoffs.ts). */
  work: ((tx: Tx) => Promise<unknown>) | { handoff: PendingHandoff; ids: IdGenerator };
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  attempts: number;
}

type HandoffUnit = Unit & { work: { handoff: PendingHandoff; ids: IdGenerator } };
const isHandoff = (u: Unit): u is HandoffUnit => typeof u.work !== 'function';

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
    return this.enqueue(deps, workspaceId, work) as Promise<T>;
  }

  /**
   * Tells the engine of a hand-off committed pending (pending-handoffs.ts), in the next routing transaction
   * of its workspace; answers the conversation's status after, or null if it was no longer pending.
   */
  handoff(deps: TxDeps & { ids: IdGenerator }, h: PendingHandoff): Promise<string | null> {
    return this.enqueue(deps, h.workspaceId, { handoff: h, ids: deps.ids }) as Promise<string | null>;
  }

  private enqueue(deps: TxDeps, workspaceId: string, work: Unit['work']): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(workspaceId) ?? [];
      queue.push({ work, resolve, reject, attempts: 0 });
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
    const [alone] = units;
    if (units.length === 1 && alone && typeof alone.work === 'function') {
      await inTransaction(deps, alone.work).then(alone.resolve, alone.reject);
      return;
    }
    const handoffs = units.filter(isHandoff);
    const requests = units.filter((u) => !isHandoff(u));
    let outcomes: Outcome[] = [];
    try {
      await inTransaction(deps, async (tx) => {
        outcomes = [];
        const session = await this.routing.begin(tx, workspaceId);
        // History rows a unit left unwritten go in with the next unit's first write (in order), or at COMMIT.
        const carried: NewConversationEvent[] = [];
        const succeed = (view: UnitTx) => {
          carried.splice(0, carried.length, ...view.history);
          for (const e of view.events) tx.emit(e);
          for (const fn of view.commits) tx.onCommit(fn);
        };
        const fail = async (view: UnitTx) => {
          for (const fn of view.rollbacks) fn();
          if (session.changed) await session.rebuild();
        };
        if (handoffs.length > 0) {
          // Nothing of a hand-off can fail once its row is taken but the database itself; alone in the
          // transaction it needs no savepoint (failing, it stays pending for the sweep).
          const guarded = requests.length > 0;
          const view = unitTx(tx, deps, carried);
          session.bind(view);
          if (guarded) await sql.raw('SAVEPOINT routing_handoffs').execute(tx.db);
          try {
            const ids = handoffs[0]!.work.ids;
            const statuses = await routeHandoffs(view, session, ids, handoffs.map((u) => u.work.handoff), workspaceId);
            if (guarded) await sql.raw('RELEASE SAVEPOINT routing_handoffs').execute(tx.db);
            succeed(view);
            for (const [i, unit] of handoffs.entries()) outcomes.push({ unit, ok: true, value: statuses[i] });
          } catch (error) {
            if (!guarded) throw error;
            await sql.raw('ROLLBACK TO SAVEPOINT routing_handoffs').execute(tx.db);
            await fail(view);
            for (const unit of handoffs) outcomes.push({ unit, ok: false, error });
          }
        }
        for (const [i, unit] of requests.entries()) {
          const view = unitTx(tx, deps, carried);
          session.bind(view);
          await sql.raw(`SAVEPOINT routing_unit_${i}`).execute(tx.db);
          try {
            const value = await (unit.work as (tx: Tx) => Promise<unknown>)(view);
            await sql.raw(`RELEASE SAVEPOINT routing_unit_${i}`).execute(tx.db);
            succeed(view);
            outcomes.push({ unit, ok: true, value });
          } catch (error) {
            await sql.raw(`ROLLBACK TO SAVEPOINT routing_unit_${i}`).execute(tx.db);
            await fail(view);
            outcomes.push({ unit, ok: false, error });
          }
        }
        tx.history.push(...carried);
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

/** A unit's view of the shared transaction; `carried`: history rows earlier units left to write, first in its own. */
function unitTx(root: Tx, deps: TxDeps, carried: NewConversationEvent[]): UnitTx {
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
    history: [...carried],
    beforeCommit: (fn) => root.beforeCommit(fn),
    root,
  };
  return view;
}
