/**
 * How stream events and cache invalidations leave this process. With
 * `REDIS_URL` set it is Redis pub/sub (redis-transport.ts); without it, there
 * is no other process and nothing leaves. Nothing sent here is the only copy
 * of a fact: events are in `stream_events`, caches are caches.
 */
export type Topic = 'events' | 'invalidate';

export interface Transport {
  publish(topic: Topic, payload: string): void;
  /** Messages from the other processes (never this process's own). */
  onMessage(fn: (topic: Topic, payload: string) => void): void;
  /** After a lost connection came back: whatever was sent meanwhile is gone, catch up from the tables. */
  onReconnect(fn: () => void): void;
  /** Resolves when connected, or after `timeoutMs` anyway (the tables are the fallback). */
  ready(timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export class LocalTransport implements Transport {
  publish(): void {}
  onMessage(): void {}
  onReconnect(): void {}
  async ready(): Promise<void> {}
  async close(): Promise<void> {}
}
