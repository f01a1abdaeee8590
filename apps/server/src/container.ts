import type { Clock } from '@switchboard/core';
import { mkdir } from 'node:fs/promises';
import type { Logger } from 'pino';
import { createLogger } from './platform/log-output.ts';
import { Re2PatternEngine } from './bot/re2-patterns.ts';
import { SecretBox } from './platform/secret-box.ts';
import { TtlCache } from './platform/ttl-cache.ts';
import type { Config } from './config.ts';
import { openPGlite, openPostgres, type DatabaseHandle } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import type { Deps } from './platform/deps.ts';
import { InProcessBus, type EventBus } from './platform/stream-event.ts';
import { randomIds, type IdGenerator } from './platform/ids.ts';
import { RoutingService } from './routing/routing-service.ts';

export interface Container {
  deps: Deps;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export interface Overrides {
  clock?: Clock;
  ids?: IdGenerator;
  bus?: EventBus;
  log?: Logger;
}

const systemClock: Clock = { now: () => Date.now() };

// Used only when SECRET_KEY is unset (the embedded demo): credentials are then merely obscured.
const DEV_SECRET = 'switchboard-development-key-change-me';

export async function createContainer(config: Config, overrides: Overrides = {}): Promise<Container> {
  const log = overrides.log ?? createLogger(config.LOG_LEVEL);
  let database: DatabaseHandle;
  if (config.DATABASE_URL) database = await openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE, config.DATABASE_PREPARED_STATEMENTS === '1');
  else if (config.DATA_DIR.startsWith('memory://')) database = await openPGlite(undefined);
  else {
    await mkdir(config.DATA_DIR, { recursive: true });
    database = await openPGlite(config.DATA_DIR);
  }
  await migrate(database);
  if (!config.SECRET_KEY) log.warn('SECRET_KEY is not set: channel credentials are sealed with a development key');
  const bus = overrides.bus ?? new InProcessBus();
  const deps: Deps = {
    db: database.db,
    clock: overrides.clock ?? systemClock,
    ids: overrides.ids ?? randomIds,
    bus,
    routing: new RoutingService(),
    log,
    secrets: new SecretBox(config.SECRET_KEY ?? DEV_SECRET),
    tokens: new TtlCache(),
    channels: new TtlCache(),
    patterns: new Re2PatternEngine(),
  };
  return {
    deps,
    database,
    close: async () => {
      await bus.close();
      await database.close();
    },
  };
}
