import type { Clock, PatternEngine } from '@switchboard/core';
import type { Logger } from 'pino';
import type { SecretBox } from './secret-box.ts';
import type { TtlCache } from './ttl-cache.ts';
import type { ChannelRow } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import type { StreamHub } from '../streams/stream-hub.ts';
import type { IdGenerator } from './ids.ts';
import type { RoutingService } from '../routing/routing-service.ts';
import { inTransaction, type Tx } from './tx.ts';
import type { Principal } from './principal.ts';
import type { OutboundHttp } from './outbound-http.ts';
import type { AttachmentStore } from '../attachments/attachment-store.ts';
import type { HandoffPolicy } from '../policy/handoff-policy.ts';

/** Everything a use-case may touch. Built once in container.ts; fakes only at ports (clock, ids). */
export interface Deps {
  db: Database;
  clock: Clock;
  ids: IdGenerator;
  /** Stream events: numbered after COMMIT, fanned out to this process's sockets and the others (streams/). */
  bus: StreamHub;
  routing: RoutingService;
  log: Logger;
  secrets: SecretBox;
  /** Token → principal, 5 s (see auth/ttl-cache.ts). */
  tokens: TtlCache<Principal>;
  /** Channel id → row, 5 s: the inbound hot path reads it on every message. */
  channels: TtlCache<ChannelRow>;
  /** Channel id → its hand-off policy (R10–R12, the channel's and its workspace's), 5 s: read for every batch of new customers. */
  policies: TtlCache<HandoffPolicy>;
  /** Compiles and runs admin-written regexes in linear time (bot/re2-patterns.ts). */
  patterns: PatternEngine;
  /** The only way to fetch a URL someone else chose: refuses local and private addresses (platform/outbound-http.ts). */
  outbound: OutboundHttp;
  /** Stored files: save, read, signed URLs (attachments/attachment-store.ts); disk under DATA_DIR or S3. */
  attachments: AttachmentStore;
}

export const transact = <T>(deps: Deps, work: (tx: Tx) => Promise<T>) => inTransaction(deps, work);

/**
 * A unit of work that routes in one workspace (it takes the routing lock first): run with the others queued
 * behind that lock in one transaction, each in its own savepoint, one COMMIT for all (routing/routing-batches.ts).
 */
export const transactRouting = <T>(deps: Deps, workspaceId: string, work: (tx: Tx) => Promise<T>) => deps.routing.batches.run(deps, workspaceId, work);
