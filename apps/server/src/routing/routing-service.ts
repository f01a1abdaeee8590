import { RoutingEngine, type HandleTimeAverage, type RoutingDecision, type RoutingEvent, type RoutingSettings } from '@switchboard/core';
import { sql } from 'kysely';
import type { Tx } from '../platform/tx.ts';
import { applyDecisions } from './apply-decisions.ts';
import { WorkspaceQueue } from './workspace-queue.ts';
import { RoutingBatches } from './routing-batches.ts';
import { loadRoutingSnapshot, routingSettingsFrom } from './load-snapshot.ts';
import { policyRoutingFrom } from '../policy/policy-settings.ts';
import { RoutingInputLog } from './routing-inputs.ts';
import { foldHandleTimes } from '../policy/wait-standing.ts';
import { canonicalSnapshot, catchUp } from './catch-up.ts';
import { insertHistory } from '../db/history-rows.ts';

interface CachedEngine {
  version: number;
  engine: RoutingEngine;
}

export interface RoutingSession {
  /** The engine under this transaction's lock; replaced when a unit of a group commit is rolled back (rebuild). */
  engine: RoutingEngine;
  settings: RoutingSettings;
  /** workspaces.agent_tools as the lock statement read it (wrap-up, survey and tags at close: no read of their own under the lock). */
  agentTools: Record<string, unknown> | null;
  /**
   * Feeds one event to the engine and persists its decisions in this transaction.
   * `note` goes with the event into the input log (why a conversation left routing).
   */
  apply(event: RoutingEvent, cause?: { actorType: string; actorId: string | null }, note?: string): Promise<RoutingDecision[]>;
  /**
   * Feeds several events to the engine, one after the other, and persists all their decisions with one
   * write (apply-decisions.ts): a batch's hand-offs (pending-handoffs.ts) cost the lock one round trip, not one each.
   */
  applyAll(events: Array<{ event: RoutingEvent; cause: { actorType: string; actorId: string | null }; note?: string }>): Promise<RoutingDecision[]>;
  /** Group commit (routing-batches.ts): which unit of the shared transaction applies now, and whether it changed the engine. */
  bind(unit: Tx): void;
  changed: boolean;
  /** Builds the engine again from the tables as this transaction sees them (after a unit rolled back to its savepoint). */
  rebuild(): Promise<void>;
  /**
   * R12's service rate: a conversation an agent held `seconds` was completed. Folded into
   * workspaces.handle_times once, just before COMMIT, for every completion of the transaction.
   */
  completed(skills: readonly string[], seconds: number): void;
}

/** How a routing transaction came by its engine: this process's own, caught up from the input log, or read from the tables. */
export type EngineSource = 'cached' | 'caught_up' | 'rebuilt' | 'catch_up_differed';

export interface RoutingServiceOptions {
  /**
   * After each catch-up, also build the engine from the tables and compare (ROUTING_VERIFY_CATCH_UP=1):
   * a difference is logged through `onCatchUpDiffered`, counted, and the tables' engine is used. For tests
   * and for checking a deployment; it costs what the catch-up saves.
   */
  verifyCatchUp?: boolean;
  onCatchUpDiffered?: (workspaceId: string, version: number) => void;
}

/**
 * Joins the pure routing engine to storage. Every routing transaction first
 * locks its workspace row (an UPDATE of its routing_version): routing in one workspace is a
 * sequence, whichever process runs it. The engine kept in memory is only a
 * cache of the tables, tagged with the workspace's routing_version; when
 * another process has routed since, the tag differs and the engine catches
 * up from the input log (catch-up.ts), or, when the log cannot say, is
 * rebuilt from the tables.
 */
export class RoutingService {
  private cache = new Map<string, CachedEngine>();
  private queue = new WorkspaceQueue();
  /** Group commit: routing requests queued behind one workspace's lock share a transaction. */
  readonly batches = new RoutingBatches(this);
  /** Told how long each routing step (engine + writes) took, in seconds (the /metrics histogram). */
  readonly stepObservers: Array<(seconds: number) => void> = [];
  /**
   * Told, per routing transaction, how long it waited for the workspace's routing turn and lock, and how
   * long it then held the lock until COMMIT or ROLLBACK, in seconds (/metrics: the lock's busy share is
   * Σ held ÷ time; near 1 means routing in that workspace is as fast as one lock allows).
   */
  readonly lockObservers: Array<(waitSeconds: number, heldSeconds: number) => void> = [];
  /** Told, in the same transaction, of each conversation routing sent back to the queue, and why (R12: the customer hears it). */
  readonly requeueObservers: Array<(tx: Tx, session: RoutingSession, conversationId: string, reason: string) => Promise<void>> = [];
  /** Told, per routing transaction, where its engine came from and how many versions it was behind (/metrics). */
  readonly engineObservers: Array<(source: EngineSource, behind: number) => void> = [];

  constructor(private readonly options: RoutingServiceOptions = {}) {}

  async begin(unit: Tx, workspaceId: string): Promise<RoutingSession> {
    // In a group commit the lock and the engine belong to the shared transaction, not to one unit of it.
    const tx = unit.root ?? unit;
    const key = `routing:${workspaceId}`;
    const existing = tx.locals.get(key) as RoutingSession | undefined;
    if (existing) return existing;
    // History recorded so far is written now, before the lock, not under it.
    const earlier = unit.history.splice(0);
    if (earlier.length > 0) await insertHistory(earlier).execute(tx.db);
    const asked = performance.now();
    const take = await this.queue.take(workspaceId);
    let granted = asked;
    const release = () => {
      take();
      const done = performance.now();
      for (const observe of this.lockObservers) observe((granted - asked) / 1000, (done - granted) / 1000);
    };
    tx.onRollback(release);

    // Taking the lock and bumping the version is one statement. An UPDATE locks
    // the row like FOR NO KEY UPDATE — not FOR UPDATE, which every insert with
    // a foreign key to the workspace (KEY SHARE) would conflict and deadlock with.
    const ws = await tx.db
      .updateTable('workspaces')
      .set({ routing_version: sql`routing_version + 1` })
      .where('id', '=', workspaceId)
      .returning(['routing_version', 'routing_settings', 'replay_origin', 'handle_times', 'agent_tools'])
      .executeTakeFirstOrThrow();
    granted = performance.now();
    const storedVersion = ws.routing_version - 1;
    const settings = routingSettingsFrom(ws.routing_settings);
    const firstReply = policyRoutingFrom(ws.routing_settings).firstReplySeconds;
    const timers = { firstReplyMs: firstReply === null ? null : firstReply * 1000 };
    const cached = this.cache.get(workspaceId);
    // The engine is mutated in place from here on; until COMMIT nobody else may use it.
    this.cache.delete(workspaceId);
    const engine = await this.engineAt(tx, workspaceId, settings, cached, storedVersion);
    const nextVersion = ws.routing_version;
    const inputs = new RoutingInputLog(tx, workspaceId, nextVersion);
    if (ws.replay_origin === null) {
      // Recording starts here: the replay needs the state the first recorded event met.
      inputs.origin(engine.snapshot(), tx.now);
      await tx.db.updateTable('workspaces').set({ replay_origin: tx.now }).where('id', '=', workspaceId).execute();
    }
    let current: Tx = unit;
    const completions: Array<{ skills: readonly string[]; seconds: number }> = [];
    let completionsMarked = 0;
    // Completions the handle times in the database do not fold in yet (written with a decisions write, or at COMMIT).
    let handleTimesStale = false;
    /** The handle times with every completion so far, as a WITH clause; null when what is written is current. */
    const handleTimesClause = () => {
      if (!handleTimesStale) return null;
      handleTimesStale = false;
      const handleTimes = JSON.stringify(foldHandleTimes(ws.handle_times as Record<string, HandleTimeAverage>, completions));
      return sql`handle_times AS (UPDATE workspaces SET handle_times = ${handleTimes}::jsonb WHERE id = ${workspaceId} RETURNING 1)`;
    };
    // The inputs not yet written, the history still to write and the handle times: one statement before COMMIT
    // (none when the last decisions write took them all).
    tx.beforeCommit(() => inputs.flush(handleTimesClause()));
    const session: RoutingSession = {
      engine,
      settings,
      agentTools: ws.agent_tools as Record<string, unknown> | null,
      changed: false,
      bind: (next) => {
        current = next;
        session.changed = false;
        inputs.mark();
        completionsMarked = completions.length;
      },
      rebuild: async () => {
        // The unit rolled back to its savepoint: what it fed the engine did not happen.
        inputs.dropSinceMark();
        completions.length = completionsMarked;
        // What the rolled-back unit wrote of the handle times is undone too: the earlier units' are written again.
        handleTimesStale = completions.length > 0;
        session.engine = new RoutingEngine(await loadRoutingSnapshot(tx.db, workspaceId, settings));
      },
      completed: (skills, seconds) => {
        session.changed = true;
        completions.push({ skills, seconds });
        handleTimesStale = true;
      },
      apply: (event, cause = { actorType: 'system', actorId: null }, note) => session.applyAll([{ event, cause, note }]),
      applyAll: async (events) => {
        const started = performance.now();
        session.changed = true;
        const decisions: RoutingDecision[] = [];
        const causes: Array<{ actorType: string; actorId: string | null }> = [];
        for (const { event, cause, note } of events) {
          inputs.add(event, note ?? null, current.now);
          const made = session.engine.apply(event, current.now);
          decisions.push(...made);
          for (const _ of made) causes.push(cause);
        }
        await applyDecisions(current, workspaceId, session.engine, decisions, causes, timers, () => ({ rows: inputs.take(), also: handleTimesClause() }));
        for (const d of decisions) if (d.type === 'requeued') for (const observe of this.requeueObservers) await observe(current, session, d.conversationId, d.reason);
        for (const observe of this.stepObservers) observe((performance.now() - started) / 1000);
        return decisions;
      },
    };
    tx.onCommit(() => this.cache.set(workspaceId, { version: nextVersion, engine: session.engine }));
    // After the engine is back in the cache: the next turn finds it there.
    tx.onCommit(release);

    tx.locals.set(key, session);
    return session;
  }

  /** The engine as of `version`: the cached one if it is that one, else caught up, else built from the tables. */
  private async engineAt(tx: Tx, workspaceId: string, settings: RoutingSettings, cached: CachedEngine | undefined, version: number) {
    const observe = (source: EngineSource) => {
      for (const o of this.engineObservers) o(source, cached ? version - cached.version : 0);
    };
    if (cached && cached.version === version) {
      observe('cached');
      return cached.engine;
    }
    const fromTables = async () => new RoutingEngine(await loadRoutingSnapshot(tx.db, workspaceId, settings));
    if (cached && cached.version < version && (await catchUp(tx, workspaceId, cached.engine, cached.version, version))) {
      if (!this.options.verifyCatchUp) {
        observe('caught_up');
        return cached.engine;
      }
      const built = await fromTables();
      if (canonicalSnapshot(built.snapshot()) === canonicalSnapshot(cached.engine.snapshot())) {
        observe('caught_up');
        return cached.engine;
      }
      observe('catch_up_differed');
      this.options.onCatchUpDiffered?.(workspaceId, version);
      return built;
    }
    observe('rebuilt');
    return fromTables();
  }
}
