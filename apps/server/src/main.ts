import { runBotInactivity } from './bot/inactivity.ts';
import { backfillSearchTerms } from './conversations/search-backfill.ts';
import { configureBot, selfUrl } from './bot/runtime.ts';
import { startChannelRuntime } from './channels/runtime.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { buildApp } from './http/app.ts';
import { staticUi } from './http/static-ui.ts';
import { runDueTimers } from './scheduler/due-timers.ts';
import { startScheduler } from './scheduler/scheduler.ts';
import { demoLoginBanner, ensureDemoWorkspace } from './seed/demo.ts';
import { ensureAdminWorkspace } from './workspaces/workspaces.ts';

async function main() {
  const config = loadConfig();
  const container = await createContainer(config);
  const { deps } = container;
  if (config.SWITCHBOARD_ADMIN_TOKEN) await ensureAdminWorkspace(deps, config.SWITCHBOARD_ADMIN_TOKEN);
  const app = await buildApp(deps, { rootPlugins: [staticUi], logRequests: config.LOG_REQUESTS === '1' });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  configureBot(deps, { baseUrl: selfUrl(address) });
  const stopScheduler = startScheduler(deps, [runDueTimers, runBotInactivity, backfillSearchTerms]);
  const stopChannels = await startChannelRuntime(deps, config);
  if (config.demo) {
    await ensureDemoWorkspace(deps);
    deps.log.info(demoLoginBanner(address));
  }
  deps.log.info(`Storage: ${container.database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL'}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down: no new requests, finishing in-flight ones');
    stopScheduler();
    await stopChannels();
    await app.close();
    await container.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
