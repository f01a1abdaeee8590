import type { TtlCache } from '../platform/ttl-cache.ts';
import type { Transport } from './transport.ts';

type Message = { cache: string; key: string | null };

/**
 * Keeps this process's TTL caches in step with the others: a change made
 * here deletes the entry here and tells every other process to do the same
 * (within milliseconds, not the 5 s TTL). After a lost connection the
 * messages sent meanwhile are gone, so every cache is emptied.
 */
export function syncCaches(transport: Transport, caches: Record<string, TtlCache<unknown>>): void {
  for (const [name, cache] of Object.entries(caches)) {
    cache.onDelete = (key) => transport.publish('invalidate', JSON.stringify({ cache: name, key } satisfies Message));
  }
  transport.onMessage((topic, payload) => {
    if (topic !== 'invalidate') return;
    const { cache, key } = JSON.parse(payload) as Message;
    const target = caches[cache];
    if (key === null) target?.clearLocal();
    else target?.deleteLocal(key);
  });
  transport.onReconnect(() => {
    for (const cache of Object.values(caches)) cache.clearLocal();
  });
}
