import { sql } from 'kysely';
import type { NewConversationEvent } from '../db/schema.ts';
import type { IdGenerator } from '../platform/ids.ts';
import { inTransaction, isRetryable, type Tx, type TxDeps } from '../platform/tx.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import type { RoutingService, RoutingSession } from './routing-service.ts';
import { routeHandoffs, type PendingHandoff } from './pending-handoffs.ts';
import { DECLINED, type RoutingRelay } from './routing-relay.ts';

/**
 * The most units one transaction takes: a bound on how long the lock is held by one COMMIT. A request's
 * own unit costs its own statements; hand-offs and closes cost the batch a few statements however
 * many there are, so many more of them fit.
 */
const MAX_OWN_UNITS = 32;
const MAX_BATCH = 64;
const MAX_ATTEMPTS = 5;

/**
 * A kind of request a batch does for all at once, in a fixed number of statements (closes: bulk-close.ts;
 * wrap-up ends: agent-tools/wrap-up.ts). `all` answers each request's result, or null for one it did not
 * take: that request's own unit of work then runs and answers (its error, as it would alone).
 */
export interface BulkKind<R> {
  /** A kind whose requests are data another process can do (routing-relay.ts): its name there. */
  relayName?: string;
  all(tx: Tx, session: RoutingSession, ids: IdGenerator, workspaceId: string, requests: R[]): Promise<unknown[]>;
}

/**
 * One request waiting for the workspace's routing turn: its own unit of work (run in a savepoint), a
 * pending hand-off (pending-handoffs.ts), or a request of a bulk kind given as data with its own unit
 * of work as the fallback. Hand-offs and each bulk kind of one batch are done together, each kind in a
 * fixed number of statements.
 */
interface Unit {
  work?: (tx: Tx) => Promise<unknown>;
  handoff?: { request: PendingHandoff; ids: IdGenerator };
  bulk?: { kind: BulkKind<unknown>; request: unknown; ids: IdGenerator };
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
 * A batch's bulk step (its closes, its hand-offs …) failed outside a savepoint: the whole transaction
 * rolled back, and the batch runs again with a savepoint around each step (decision 0044).
 */
class BulkStepFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('a bulk routing step failed; the batch runs again with savepoints');
  }
}

/**
 * Group commit for routing (SPEC §6: ≥ 300 routing events/s in one workspace).
 * Routing in a workspace is a sequence under one lock; each routing request
 * used to be its own transaction, so the lock was held across a COMMIT per
 * close, accept or presence change. Here the requests that queue up while
 * one transaction runs go together into the next: one lock, one COMMIT.
 * A batch's closes, then its new customers' hand-offs, are each done for
 * all at once (decisions 0024-handoff-joins-group-commit, 0033): one statement
 * checks and takes their rows, the engine hears them all, one statement
 * writes every decision. Every other request runs in a SAVEPOINT of its own,
 * so a request that fails (a closed conversation, an offer that expired)
 * rolls back alone and answers its own error; a close the bulk statement did
 * not take runs that way too, and answers as it always did. The bulk steps
 * themselves run without a savepoint (they answer "not taken" rather than
 * fail; two statements fewer under the lock each): one that fails all the
 * same rolls the transaction back, and the batch runs again with a savepoint
 * around every step (decision 0044-bulk-steps-without-savepoints). A rolled-back
 * step that had already moved the engine gets the engine rebuilt from the
 * tables as the transaction now sees them. Events are published after the
 * COMMIT, in the order the steps ran; a request alone runs exactly as an
 * ordinary transaction (nothing waits to fill a batch).
 */
export class RoutingBatches {
  private readonly waiting = new Map<string, Unit[]>();
  private readonly running = new Set<string>();
  /** Conversations whose pending hand-off is queued or running here: the sweep leaves them to this queue. */
  private readonly handoffsQueued = new Set<string>();

  private relay: RoutingRelay | null = null;
  /** Batches run again with savepoints because a bulk step failed without one (tests, /metrics). */
  bulkRetries = 0;

  /** The relay's counts and the workspaces this process routes for the others (/metrics); null without Redis. */
  relayFigures() {
    return this.relay ? { ...this.relay.stats, owned: this.relay.ownedCount() } : null;
  }

  constructor(private readonly routing: RoutingService) {}

  /**
   * With Redis: hand-offs and closes go to the process that routes their workspace (routing-relay.ts,
   * decision 0039), and this process does those the others send it, with its own.
   */
  attachRelay(relay: RoutingRelay, deps: TxDeps & { ids: IdGenerator }, kinds: Array<BulkKind<unknown>>) {
    this.relay = relay;
    const byName = new Map(kinds.map((k) => [k.relayName!, k]));
    relay.serve(async ({ workspaceId, kind, request }) => {
      if (kind === 'handoff') return this.handoffHere(deps, request as PendingHandoff);
      const bulk = byName.get(kind);
      if (!bulk) throw new Error(`no such routing request: ${kind}`);
      // A request the kind does not take needs the caller's own unit of work (its principal): the caller runs it.
      return this.enqueue(deps, workspaceId, { bulk: { kind: bulk, request, ids: deps.ids }, work: async () => DECLINED });
    });
  }

  /** Runs `work` in a routing transaction of `workspaceId`, alone or with others queued behind the same lock. */
  run<T>(deps: TxDeps, workspaceId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.enqueue(deps, workspaceId, { work }) as Promise<T>;
  }

  /**
   * Tells the engine of a hand-off committed pending (pending-handoffs.ts), in the next routing transaction
   * of its workspace; answers the conversation's status after, or null if it was no longer pending.
   */
  async handoff(deps: TxDeps & { ids: IdGenerator }, request: PendingHandoff): Promise<string | null> {
    if (!this.relay) return this.handoffHere(deps, request);
    const id = request.conversationId;
    this.handoffsQueued.add(id);
    try {
      const relayed = await this.relay.forward({ workspaceId: request.workspaceId, kind: 'handoff', request });
      // Not done there (this process routes the workspace, or the owner is gone): here. Done twice is harmless.
      return relayed.done ? (relayed.value as string | null) : await this.handoffHere(deps, request);
    } finally {
      this.handoffsQueued.delete(id);
    }
  }

  private handoffHere(deps: TxDeps & { ids: IdGenerator }, request: PendingHandoff): Promise<string | null> {
    const id = request.conversationId;
    this.handoffsQueued.add(id);
    const done = this.enqueue(deps, request.workspaceId, { handoff: { request, ids: deps.ids } }) as Promise<string | null>;
    return done.finally(() => this.handoffsQueued.delete(id));
  }

  /** Whether this process already has the conversation's pending hand-off queued (pending-handoffs.ts's sweep skips it). */
  handoffQueued(conversationId: string): boolean {
    return this.handoffsQueued.has(conversationId);
  }

  /** A request done with the batch's others of its kind (a close: bulk-close.ts); `work` answers one the kind did not take. */
  async bulk<T, R>(deps: TxDeps & { ids: IdGenerator }, workspaceId: string, kind: BulkKind<R>, request: R, work: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.relay && kind.relayName) {
      const relayed = await this.relay.forward({ workspaceId, kind: kind.relayName, request });
      if (relayed.done) return relayed.value as T;
      // The owner did not take it (not processing, not the agent's …): this request's own unit answers, with its error.
      if (relayed.why === 'declined') return this.run(deps, workspaceId, work);
    }
    return this.enqueue(deps, workspaceId, { bulk: { kind: kind as BulkKind<unknown>, request, ids: deps.ids }, work }) as Promise<T>;
  }

  private enqueue(deps: TxDeps, workspaceId: string, what: Pick<Unit, 'work' | 'handoff' | 'bulk'>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(workspaceId) ?? [];
      queue.push({ ...what, resolve, reject, attempts: 0 });
      this.waiting.set(workspaceId, queue);
      if (!this.running.has(workspaceId)) void this.drain(deps, workspaceId);
    });
  }

  private async drain(deps: TxDeps, workspaceId: string) {
    this.running.add(workspaceId);
    try {
      for (let queue = this.waiting.get(workspaceId); queue && queue.length > 0; queue = this.waiting.get(workspaceId)) {
        await this.runBatch(deps, workspaceId, queue.splice(0, batchLength(queue)));
      }
    } finally {
      this.running.delete(workspaceId);
      if (this.waiting.get(workspaceId)?.length === 0) this.waiting.delete(workspaceId);
    }
  }

  private async runBatch(deps: TxDeps, workspaceId: string, units: Unit[]) {
    const [alone] = units;
    if (units.length === 1 && alone?.work && !alone.bulk) {
      await inTransaction(deps, alone.work).then(alone.resolve, alone.reject);
      return;
    }
    let outcomes: Outcome[] = [];
    const attempt = (guardBulk: boolean) =>
      inTransaction(deps, async (tx) => {
        outcomes = [];
        const session = await this.routing.begin(tx, workspaceId);
        await new BatchRun(tx, deps, session, workspaceId, units, outcomes, guardBulk).run();
      });
    try {
      await attempt(false).catch((error: unknown) => {
        if (!(error instanceof BulkStepFailed)) throw error;
        this.bulkRetries++;
        return attempt(true);
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

/** How many of the queue's first units the next transaction takes. */
function batchLength(queue: Unit[]) {
  let own = 0;
  for (const [i, unit] of queue.entries()) {
    const bulk = unit.handoff !== undefined || unit.bulk !== undefined;
    if (i === MAX_BATCH || (!bulk && ++own > MAX_OWN_UNITS)) return i;
  }
  return Math.min(queue.length, MAX_BATCH);
}

/** One batch inside its shared transaction: the bulk steps, then every request's own unit of work. */
class BatchRun {
  /** History rows a step left unwritten go in with the next step's first write (in order), or at COMMIT. */
  private readonly carried: NewConversationEvent[] = [];
  private savepoints = 0;

  constructor(
    private readonly tx: Tx,
    private readonly deps: TxDeps,
    private readonly session: RoutingSession,
    private readonly workspaceId: string,
    private readonly units: Unit[],
    private readonly outcomes: Outcome[],
    /** A savepoint around each bulk step too: the batch's second try, after one failed without. */
    private readonly guardBulk: boolean,
  ) {}

  async run() {
    const { session, workspaceId, units, outcomes } = this;
    const ownWork = new Set(units.filter((u) => u.work && !u.bulk));
    const kinds = new Map<BulkKind<unknown>, Unit[]>();
    for (const u of units) if (u.bulk) kinds.set(u.bulk.kind, [...(kinds.get(u.bulk.kind) ?? []), u]);
    // Each kind in the order it first came (closes and wrap-up ends free seats before the hand-offs take them).
    for (const [kind, group] of kinds) {
      // Failing, each runs its own unit instead: in the batch's second try, from this kind's savepoint.
      const ids = group[0]!.bulk!.ids;
      const done = await this.bulkStep(units.length > 1, (view) =>
        kind.all(
          view,
          session,
          ids,
          workspaceId,
          group.map((u) => u.bulk!.request),
        ),
      );
      for (const [i, unit] of group.entries()) {
        const value = done.ok ? done.value[i] : null;
        if (value !== null && value !== undefined) outcomes.push({ unit, ok: true, value });
        else ownWork.add(unit);
      }
    }
    const handoffs = units.filter((u) => u.handoff);
    if (handoffs.length > 0) {
      // Alone in the transaction hand-offs need no savepoint: failing, they stay pending for the sweep.
      const ids = handoffs[0]!.handoff!.ids;
      const requests = handoffs.map((u) => u.handoff!.request);
      const done = await this.bulkStep(handoffs.length < units.length, (view) => routeHandoffs(view, session, ids, requests, workspaceId));
      for (const [i, unit] of handoffs.entries()) outcomes.push(done.ok ? { unit, ok: true, value: done.value[i] } : { unit, ok: false, error: done.error });
    }
    // In the order they came, each in its savepoint: its failure is its own answer, the others commit.
    // (A bulk request alone, which its kind did not take, needs none: its failure is the transaction's.)
    for (const unit of units) {
      if (!ownWork.has(unit)) continue;
      const done = await this.step(units.length > 1, (view) => unit.work!(view));
      outcomes.push(done.ok ? { unit, ok: true, value: done.value } : { unit, ok: false, error: done.error });
    }
    this.tx.history.push(...this.carried);
    session.bind(this.tx);
  }

  /**
   * A bulk step: in a savepoint only in the batch's second try. In the first, a failure (when the step
   * shares the batch: `shared`) rolls back the whole transaction, and the batch runs again guarded.
   */
  private async bulkStep<T>(shared: boolean, fn: (view: UnitTx) => Promise<T>) {
    if (!shared) return this.step(false, fn);
    if (this.guardBulk) return this.step(true, fn);
    try {
      return await this.step(false, fn);
    } catch (error) {
      throw new BulkStepFailed(error);
    }
  }

  /**
   * Runs one step in a view of its own, in a savepoint if `guarded`: failing, it is rolled back to it
   * (and the engine rebuilt if it had moved); without one a failure fails the whole transaction.
   */
  private async step<T>(guarded: boolean, fn: (view: UnitTx) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    const { tx, session } = this;
    const view = unitTx(tx, this.deps, this.carried);
    session.bind(view);
    const name = `routing_step_${this.savepoints++}`;
    if (guarded) await sql.raw(`SAVEPOINT ${name}`).execute(tx.db);
    try {
      const value = await fn(view);
      if (guarded) await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(tx.db);
      this.carried.splice(0, this.carried.length, ...view.history);
      for (const e of view.events) tx.emit(e);
      for (const commit of view.commits) tx.onCommit(commit);
      return { ok: true, value };
    } catch (error) {
      for (const rollback of view.rollbacks) rollback();
      if (!guarded) throw error;
      await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(tx.db);
      if (session.changed) await session.rebuild();
      return { ok: false, error };
    }
  }
}

/** A unit's view of the shared transaction; `carried`: history rows earlier steps left to write, first in its own. */
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
