import { RoutingEngine, type RoutingDecision, type RoutingEvent, type RoutingSettings } from '@switchboard/core';
import { sql } from 'kysely';
import type { Tx } from '../platform/tx.ts';
import { applyDecisions } from './apply-decisions.ts';
import { WorkspaceQueue } from './workspace-queue.ts';
import { loadRoutingSnapshot, routingSettingsFrom } from './load-snapshot.ts';
import { policyRoutingFrom } from '../policy/policy-settings.ts';
import { RoutingInputLog } from './routing-inputs.ts';

interface CachedEngine {
  version: number;
  engine: RoutingEngine;
}

export interface RoutingSession {
  engine: RoutingEngine;
  settings: RoutingSettings;
  /**
   * Feeds one event to the engine and persists its decisions in this transaction.
   * `note` goes with the event into the input log (why a conversation left routing).
   */
  apply(event: RoutingEvent, cause?: { actorType: string; actorId: string | null }, note?: string): Promise<RoutingDecision[]>;
}

/**
 * Joins the pure routing engine to storage. Every routing transaction first
 * locks its workspace row (an UPDATE of its routing_version): routing in one workspace is a
 * sequence, whichever process runs it. The engine kept in memory is only a
 * cache of the tables, tagged with the workspace's routing_version; when
 * another process has routed since, the tag differs and it is rebuilt.
 */
export class RoutingService {
  private cache = new Map<string, CachedEngine>();
  private queue = new WorkspaceQueue();
  /** Told how long each routing step (engine + writes) took, in seconds (the /metrics histogram). */
  readonly stepObservers: Array<(seconds: number) => void> = [];

  async begin(tx: Tx, workspaceId: string): Promise<RoutingSession> {
    const key = `routing:${workspaceId}`;
    const existing = tx.locals.get(key) as RoutingSession | undefined;
    if (existing) return existing;
    // History recorded so far is written now, before the lock, not under it.
    const earlier = tx.history.splice(0);
    if (earlier.length > 0) await tx.db.insertInto('conversation_events').values(earlier).execute();
    const release = await this.queue.take(workspaceId);
    tx.onRollback(release);

    // Taking the lock and bumping the version is one statement. An UPDATE locks
    // the row like FOR NO KEY UPDATE — not FOR UPDATE, which every insert with
    // a foreign key to the workspace (KEY SHARE) would conflict and deadlock with.
    const ws = await tx.db
      .updateTable('workspaces')
      .set({ routing_version: sql`routing_version + 1` })
      .where('id', '=', workspaceId)
      .returning(['routing_version', 'routing_settings', 'replay_origin'])
      .executeTakeFirstOrThrow();
    const storedVersion = ws.routing_version - 1;
    const settings = routingSettingsFrom(ws.routing_settings);
    const firstReply = policyRoutingFrom(ws.routing_settings).firstReplySeconds;
    const timers = { firstReplyMs: firstReply === null ? null : firstReply * 1000 };
    let cached = this.cache.get(workspaceId);
    // The engine is mutated in place from here on; until COMMIT nobody else may use it.
    this.cache.delete(workspaceId);
    if (!cached || cached.version !== storedVersion) {
      cached = { version: storedVersion, engine: new RoutingEngine(await loadRoutingSnapshot(tx.db, workspaceId, settings)) };
    }
    const engine = cached.engine;
    const nextVersion = ws.routing_version;
    const inputs = new RoutingInputLog(tx, workspaceId, nextVersion);
    if (ws.replay_origin === null) {
      // Recording starts here: the replay needs the state the first recorded event met.
      inputs.origin(engine.snapshot());
      await tx.db.updateTable('workspaces').set({ replay_origin: tx.now }).where('id', '=', workspaceId).execute();
    }
    tx.onCommit(() => this.cache.set(workspaceId, { version: nextVersion, engine }));
    // After the engine is back in the cache: the next turn finds it there.
    tx.onCommit(release);

    const session: RoutingSession = {
      engine,
      settings,
      apply: async (event, cause = { actorType: 'system', actorId: null }, note) => {
        const started = performance.now();
        inputs.add(event, note ?? null);
        const decisions = engine.apply(event, tx.now);
        await applyDecisions(tx, workspaceId, engine, decisions, cause, timers);
        for (const observe of this.stepObservers) observe((performance.now() - started) / 1000);
        return decisions;
      },
    };
    tx.locals.set(key, session);
    return session;
  }
}
