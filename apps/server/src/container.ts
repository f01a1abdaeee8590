import type { Clock } from '@switchboard/core';
import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import { createLogger } from './platform/log-output.ts';
import { Re2PatternEngine } from './bot/re2-patterns.ts';
import { DEV_SECRET, SecretBox } from './platform/secret-box.ts';
import { parseAllowList } from './platform/address-policy.ts';
import { OutboundHttp, type Resolver } from './platform/outbound-http.ts';
import { TtlCache } from './platform/ttl-cache.ts';
import type { HandoffPolicy } from './policy/handoff-policy.ts';
import type { Config } from './config.ts';
import { openPGlite, openPostgres, type Database, type DatabaseHandle, type PostgresOptions } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { untilDatabaseAnswers } from './db/startup.ts';
import type { Deps } from './platform/deps.ts';
import type { Principal } from './platform/principal.ts';
import type { ChannelRow } from './db/schema.ts';
import { syncCaches } from './streams/cache-sync.ts';
import { RedisTransport } from './streams/redis-transport.ts';
import { StreamHub } from './streams/stream-hub.ts';
import { LocalTransport } from './streams/transport.ts';
import { randomIds, type IdGenerator } from './platform/ids.ts';
import { tellRequeuedCustomers } from './policy/handoff-policy.ts';
import { RoutingService } from './routing/routing-service.ts';
import { RoutingRelay } from './routing/routing-relay.ts';
import { closes } from './routing/bulk-close.ts';
import { offerAnswers } from './routing/bulk-offers.ts';
import { wrapUpEnds } from './agent-tools/wrap-up.ts';
import { createAttachmentStore } from './attachments/create-store.ts';

export interface Container {
  deps: Deps;
  database: DatabaseHandle;
  close(): Promise<void>;
  /** With Redis: the routing relay (routing/routing-relay.ts), else null. */
  relay: RoutingRelay | null;
}

export interface Overrides {
  clock?: Clock;
  ids?: IdGenerator;
  log?: Logger;
  /** Tests observe the statements the server runs through a Kysely plugin (e.g. counting them). */
  wrapDb?: (db: Database) => Database;
  /** DNS for outbound requests: tests resolve made-up names to their stand-ins. */
  resolver?: Resolver;
}

const systemClock: Clock = { now: () => Date.now() };

export async function createContainer(config: Config, overrides: Overrides = {}): Promise<Container> {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  let database: DatabaseHandle;
  if (config.DATABASE_URL) database = await openPostgres(config.DATABASE_URL, postgresOptions(config, log));
  else if (config.DATA_DIR.startsWith('memory://')) database = await openPGlite(undefined);
  else {
    await mkdir(config.DATA_DIR, { recursive: true });
    database = await openPGlite(config.DATA_DIR);
  }
  await untilDatabaseAnswers(log, () => migrate(database));
  if (!config.SECRET_KEY) log.warn('SECRET_KEY is not set: channel credentials are sealed with a development key');
  // Without Redis there is no other process: events stay here (still numbered, for resume).
  const transport = config.REDIS_URL ? new RedisTransport(config.REDIS_URL, config.REDIS_PREFIX, log) : new LocalTransport();
  await transport.ready(3000);
  const db = overrides.wrapDb ? overrides.wrapDb(database.db) : database.db;
  const clock = overrides.clock ?? systemClock;
  const bus = new StreamHub(db, log, transport, () => clock.now());
  const tokens = new TtlCache<Principal>();
  const channels = new TtlCache<ChannelRow>();
  const policies = new TtlCache<HandoffPolicy>();
  syncCaches(transport, { tokens, channels, policies } as Record<string, TtlCache<unknown>>);
  const deps: Deps = {
    db,
    clock,
    ids: overrides.ids ?? randomIds,
    bus,
    routing: new RoutingService({
      verifyCatchUp: config.ROUTING_VERIFY_CATCH_UP === '1',
      onCatchUpDiffered: (workspaceId, version) => log.error({ workspaceId, version }, 'routing engine caught up from the input log differs from the tables; the tables are used'),
    }),
    log,
    secrets: new SecretBox(config.SECRET_KEY ?? `dev:${DEV_SECRET}`),
    tokens,
    channels,
    policies,
    patterns: new Re2PatternEngine(),
    outbound: new OutboundHttp(parseAllowList(config.OUTBOUND_ALLOW), overrides.resolver),
    attachments: await createAttachmentStore(config),
  };
  deps.routing.requeueObservers.push(tellRequeuedCustomers(deps.ids));
  // Several processes: one routes each workspace for the others (decision 0039); ROUTING_RELAY=0 lets every process route its own.
  const relay = config.REDIS_URL && config.ROUTING_RELAY === '1' ? new RoutingRelay(config.REDIS_URL, config.REDIS_PREFIX, log) : null;
  if (relay) deps.routing.batches.attachRelay(relay, deps, [closes, wrapUpEnds, offerAnswers]);
  return {
    deps,
    database,
    relay,
    close: async () => {
      // Before the database: what this process routes for the others is finished and answered, its leases given back.
      await relay?.close();
      await bus.close();
      await deps.outbound.close();
      await deps.attachments.close();
      await database.close();
    },
  };
}

function postgresOptions(config: Config, log: Logger): PostgresOptions {
  return {
    poolSize: config.DATABASE_POOL_SIZE,
    prepared: config.DATABASE_PREPARED_STATEMENTS === '1',
    connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    onConnectionError: (error) => log.warn({ reason: error.message }, 'a database connection broke; the pool will open a new one'),
  };
}
