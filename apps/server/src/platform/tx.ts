import type { Transaction } from 'kysely';
import type { Clock } from '@switchboard/core';
import type { Database } from '../db/database.ts';
import type { DB, NewConversationEvent } from '../db/schema.ts';
import { insertHistory } from '../db/history-rows.ts';
import type { EventBus, StreamEvent } from './stream-event.ts';

/**
 * One unit of work: a database transaction, the time it acts at, and what to
 * do once it commits. Stream events are published only after COMMIT, so a
 * client never hears of a change that was rolled back.
 */
export interface Tx {
  db: Transaction<DB>;
  now: number;
  emit(event: StreamEvent): void;
  onCommit(fn: () => void): void;
  onRollback(fn: () => void): void;
  /** Per-transaction memo (e.g. the routing engine taken under this transaction's lock). */
  locals: Map<string, unknown>;
  /**
   * Conversation history rows, written in one insert just before COMMIT:
   * a routed message records several, and each round trip counts while the
   * workspace's routing lock is held. Nothing reads history inside a unit of work.
   */
  history: NewConversationEvent[];
  /** Work that must join this transaction at its very end (e.g. routing inputs gathered during it), run before the history insert. */
  beforeCommit(fn: () => Promise<void>): void;
  /**
   * The transaction this unit of work shares with others (routing's group commit, routing/routing-batches.ts):
   * what lives as long as the whole transaction (the routing lock, its engine) registers there.
   */
  root?: Tx;
}

/** Tells `inTransaction` to run the unit of work again from the top (same code as a serialization failure). */
export class RetryTransaction extends Error {
  readonly code = '40001';
}

export interface TxDeps {
  db: Database;
  clock: Clock;
  bus: EventBus;
}

// 40001 serialization_failure, 40P01 deadlock_detected: safe to run again from the top.
const RETRYABLE = new Set(['40001', '40P01']);
export const isRetryable = (error: unknown) => RETRYABLE.has(String((error as { code?: unknown })?.code));
const MAX_ATTEMPTS = 5;

export async function inTransaction<T>(deps: TxDeps, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const events: StreamEvent[] = [];
    const commits: Array<() => void> = [];
    const rollbacks: Array<() => void> = [];
    const finals: Array<() => Promise<void>> = [];
    try {
      const result = await deps.db.transaction().execute(async (db) => {
        const tx: Tx = {
          db,
          now: deps.clock.now(),
          emit: (e) => events.push(e),
          onCommit: (fn) => commits.push(fn),
          onRollback: (fn) => rollbacks.push(fn),
          locals: new Map(),
          history: [],
          beforeCommit: (fn) => finals.push(fn),
        };
        const value = await work(tx);
        for (const fn of finals.splice(0)) await fn();
        if (tx.history.length > 0) await insertHistory(tx.history).execute(db);
        return value;
      });
      for (const fn of commits) fn();
      // Numbered before the caller answers: whatever a client does next is numbered after it.
      if (events.length > 0) await deps.bus.publish(events);
      return result;
    } catch (error) {
      for (const fn of rollbacks) fn();
      if (!isRetryable(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
