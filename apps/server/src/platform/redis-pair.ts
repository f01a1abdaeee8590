import { Redis } from 'ioredis';
import type { Logger } from 'pino';

// Reconnect quickly and keep trying: a Redis restart should cost about a second.
const retryStrategy = (attempt: number) => Math.min(100 * attempt, 1000);

/**
 * The two Redis connections a pub/sub user needs (a subscribed connection
 * cannot publish), as the stream transport and the routing relay both open
 * them. Publishing while disconnected fails at once instead of queueing
 * (nothing sent is the only copy of a fact); what is published in one turn of
 * the event loop leaves in one write (auto-pipelining). `logError` logs a down
 * Redis's errors once a second: it reports every reconnect attempt.
 */
export function redisPair(url: string, log: Logger, label: string) {
  const pub = new Redis(url, { enableOfflineQueue: false, retryStrategy, maxRetriesPerRequest: 1, enableAutoPipelining: true });
  const sub = new Redis(url, { retryStrategy, maxRetriesPerRequest: null });
  let lastErrorLog = 0;
  const logError = (error: Error) => {
    const now = Date.now();
    if (now - lastErrorLog < 1000) return;
    lastErrorLog = now;
    log.warn({ err: error.message }, label);
  };
  for (const client of [pub, sub]) client.on('error', logError);
  return { pub, sub, logError };
}
