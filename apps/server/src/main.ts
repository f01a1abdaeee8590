import { runReportRollups } from './reports/rollup-job.ts';
import { runBotInactivity } from './bot/inactivity.ts';
import { backfillSearchTerms } from './conversations/search-backfill.ts';
import { followPresence } from './presence/follow.ts';
import { botRuntime, configureBot, selfUrl } from './bot/runtime.ts';
import { semanticFromConfig } from './bot/semantic-config.ts';
import { startChannelRuntime } from './channels/runtime.ts';
import { startIntegrations } from './integrations/runtime.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { buildApp } from './http/app.ts';
import { staticUi } from './http/static-ui.ts';
import { runConversationTimers } from './policy/conversation-timers.ts';
import { runWaitingRepeats } from './policy/waiting-repeat.ts';
import { runDueTimers } from './scheduler/due-timers.ts';
import { routeOverdueHandoffs } from './routing/pending-handoffs.ts';
import { BACKGROUND_MS, startScheduler } from './scheduler/scheduler.ts';
import { startSimulationJobs } from './simulations/simulations.ts';
import { startReplayCompaction } from './simulations/replay-days.ts';
import { runDueWrapUps } from './agent-tools/wrap-up.ts';
import { demoLoginBanner, ensureDemoWorkspace } from './seed/demo.ts';
import { ensureAdminWorkspace } from './workspaces/workspaces.ts';
import { underSeedLock } from './db/startup.ts';
import { retireDemoWorkspaces } from './security/production.ts';
import { resealChannelSecrets } from './security/reseal.ts';
import { pruneRateCounters } from './security/rate-limit.ts';

async function main() {
  const config = loadConfig();
  const container = await createContainer(config);
  const { deps } = container;
  const adminToken = config.SWITCHBOARD_ADMIN_TOKEN;
  if (adminToken) await underSeedLock(container.database, () => ensureAdminWorkspace(deps, adminToken));
  if (config.production && (await retireDemoWorkspaces(deps)) > 0) deps.log.warn('a demo workspace in this database was retired: its agents are deactivated');
  // The pool's connections opened and warmed before the first request (a cold start's first seconds).
  await container.database.warm?.();
  const resealed = await resealChannelSecrets(deps);
  if (resealed > 0) deps.log.info({ resealed, keyId: deps.secrets.currentKeyId }, 'channel secrets re-sealed with the current SECRET_KEY');
  const app = await buildApp(deps, { rootPlugins: [staticUi], logRequests: config.LOG_REQUESTS === '1', trustProxy: config.TRUST_PROXY === '1', pingMs: config.STREAM_PING_MS, metrics: { token: config.METRICS_TOKEN, pool: container.database.poolStats } });
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  configureBot(deps, { baseUrl: selfUrl(address), semantic: semanticFromConfig(config) });
  // The demo's order script calls this server's own /demo/orders: that one origin, nothing else on loopback.
  if (config.demo) deps.outbound.allowOrigin(selfUrl(address));
  const stopScheduler = startScheduler(deps, [
    runDueTimers, routeOverdueHandoffs, runConversationTimers, runWaitingRepeats, runBotInactivity, followPresence, runDueWrapUps,
    ...[backfillSearchTerms, startSimulationJobs, startReplayCompaction, pruneRateCounters, runReportRollups].map((run) => ({ run, everyMs: BACKGROUND_MS })),
  ]);
  const stopChannels = await startChannelRuntime(deps, config);
  const stopIntegrations = startIntegrations(deps);
  if (config.demo) {
    await underSeedLock(container.database, () => ensureDemoWorkspace(deps));
    deps.log.info(demoLoginBanner(address));
  }
  deps.log.info(`Storage: ${container.database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL'}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.log.info({ signal }, 'shutting down: no new requests, finishing in-flight ones');
    stopScheduler();
    // Requests, platform sends and bot script calls in flight finish (sends hand their claims back) before the database closes.
    const scriptsIdle = Promise.race([botRuntime(deps).whenIdle(), new Promise((resolve) => setTimeout(resolve, config.SHUTDOWN_DRAIN_MS).unref())]);
    await Promise.all([app.close(), stopChannels(), scriptsIdle, stopIntegrations(config.SHUTDOWN_DRAIN_MS)]);
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
