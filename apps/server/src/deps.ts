import type { Clock } from '@switchboard/core';
import type { Logger } from 'pino';
import type { SecretBox } from './auth/secret-box.ts';
import type { TokenCache } from './auth/token-cache.ts';
import type { Database } from './db/database.ts';
import type { EventBus } from './events/stream-event.ts';
import type { IdGenerator } from './ids.ts';
import type { RoutingService } from './routing/routing-service.ts';
import { inTransaction, type Tx } from './tx.ts';

/** Everything a use-case may touch. Built once in container.ts; fakes only at ports (clock, ids). */
export interface Deps {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  bus: EventBus;
  routing: RoutingService;
  log: Logger;
  secrets: SecretBox;
  tokens: TokenCache;
}

export const transact = <T>(deps: Deps, work: (tx: Tx) => Promise<T>) => inTransaction(deps, work);
