import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import { statementCounts } from '../db/prepared-pool.ts';
import { writePaths } from '../db/write-paths.ts';

export interface MetricsOptions {
  /** METRICS_TOKEN: when set, GET /metrics needs `Authorization: Bearer <it>`. */
  token?: string;
  /** The PostgreSQL pool's connections; absent with the embedded database. */
  pool?: () => { total: number; idle: number; waiting: number; max: number };
}

/**
 * GET /metrics in Prometheus text format (docs/operations.md). One registry
 * per app, so several servers in one process (tests) keep their own numbers.
 * Queue and agent gauges are read from the tables at scrape time: they are
 * the workspace's truth whichever process serves the scrape.
 */
export function registerMetrics(app: FastifyInstance, deps: Deps, options: MetricsOptions = {}) {
  const register = new Registry();
  collectDefaultMetrics({ register, eventLoopMonitoringPrecision: 20 });
  const http = new Histogram({
    name: 'switchboard_http_request_duration_seconds', help: 'HTTP request latency by route', labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [register],
  });
  const step = new Histogram({
    name: 'switchboard_routing_step_duration_seconds', help: 'One routing event: engine step plus its writes',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [register],
  });
  deps.routing.stepObservers.push((s) => step.observe(s));
  const lockWait = new Histogram({
    name: 'switchboard_routing_lock_wait_seconds', help: "A routing transaction's wait for its workspace's routing turn and lock",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5], registers: [register],
  });
  const lockHeld = new Histogram({
    name: 'switchboard_routing_lock_held_seconds', help: 'How long a routing transaction held its workspace lock, until COMMIT or ROLLBACK',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [register],
  });
  deps.routing.lockObservers.push((wait, held) => {
    lockWait.observe(wait);
    lockHeld.observe(held);
  });
  const engines = new Counter({
    name: 'switchboard_routing_engine_total',
    help: "Routing transactions by where their engine came from: this process's cache, caught up from the input log (another process routed meanwhile), or built from the tables",
    labelNames: ['source'], registers: [register],
  });
  deps.routing.engineObservers.push((source) => engines.inc({ source }));
  new Gauge({
    name: 'switchboard_routing_relay',
    help: 'Routing relay (several processes): requests sent to the process that routes their workspace, requests done for the other processes, requests done here after all (owner gone, silent or failed), workspaces this process routes',
    labelNames: ['what'], registers: [register],
    collect() {
      const f = deps.routing.batches.relayFigures();
      if (!f) return;
      this.set({ what: 'forwarded' }, f.forwarded);
      this.set({ what: 'served_for_others' }, f.servedForOthers);
      this.set({ what: 'owner_gone' }, f.ownerGone);
      this.set({ what: 'no_answer' }, f.noAnswer);
      this.set({ what: 'failed' }, f.failed);
      this.set({ what: 'owned_workspaces' }, f.owned);
    },
  });
  new Gauge({
    name: 'switchboard_routing_bulk_retries',
    help: 'Routing batches run a second time with a savepoint around each step because a bulk step failed without one (decision 0044)',
    registers: [register],
    collect() {
      this.set(deps.routing.batches.bulkRetries);
    },
  });
  new Gauge({
    name: 'switchboard_db_statements',
    help: 'Prepared statements (PostgreSQL): statement texts given a name, runs by a name, runs of a text with parameters but no name (parsed and planned each time: the texts past the first 500), runs of a text without parameters (BEGIN, COMMIT)',
    labelNames: ['what'], registers: [register],
    collect() {
      this.set({ what: 'named_texts' }, statementCounts.namedTexts);
      this.set({ what: 'named_runs' }, statementCounts.namedRuns);
      this.set({ what: 'unnamed_runs' }, statementCounts.unnamedRuns);
      this.set({ what: 'plain_runs' }, statementCounts.plainRuns);
    },
  });
  new Gauge({
    name: 'switchboard_write_path',
    help: 'Customer messages and agent replies by how they were stored: direct (two shared statements), new customer (one), transactional (a transaction holding the row); db/write-paths.ts',
    labelNames: ['what', 'path'], registers: [register],
    collect() {
      this.set({ what: 'inbound', path: 'direct' }, writePaths.inboundDirect);
      this.set({ what: 'inbound', path: 'new_customer' }, writePaths.inboundNewCustomer);
      this.set({ what: 'inbound', path: 'transactional' }, writePaths.inboundTransactional);
      this.set({ what: 'reply', path: 'direct' }, writePaths.replyDirect);
      this.set({ what: 'reply', path: 'transactional' }, writePaths.replyTransactional);
    },
  });
  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the raw URL: ids and tokens stay out of label values.
    http.observe({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  const readTables = tableGauges(register, deps, options);
  app.get('/metrics', async (req, reply) => {
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
      return reply.status(401).send({ error: { code: 'UNAUTHENTICATED', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' } });
    }
    // Before serialising: prom-client collects metrics concurrently, so one gauge cannot fill the others.
    await readTables();
    return reply.type(register.contentType).send(await register.metrics());
  });
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = header?.startsWith('Bearer ') ? header.slice(7) : '';
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/** The gauges read from the tables and the process; returns the function that refreshes them. */
function tableGauges(register: Registry, deps: Deps, options: MetricsOptions) {
  const queue = new Gauge({ name: 'switchboard_queue_length', help: 'Conversations waiting for a person', labelNames: ['workspace', 'status'] as const, registers: [register] });
  const oldest = new Gauge({ name: 'switchboard_queue_oldest_wait_seconds', help: 'Longest current wait since hand-off', labelNames: ['workspace'] as const, registers: [register] });
  const ready = new Gauge({ name: 'switchboard_agents_ready', help: 'Agents whose presence is ready', labelNames: ['workspace'] as const, registers: [register] });
  const outbox = new Gauge({ name: 'switchboard_outbox_messages', help: 'Outbound platform sends by state', labelNames: ['status'] as const, registers: [register] });
  const sockets = new Gauge({ name: 'switchboard_stream_sockets', help: 'Stream sockets this process holds', registers: [register] });
  const pool = new Gauge({ name: 'switchboard_db_pool_connections', help: 'PostgreSQL pool connections', labelNames: ['state'] as const, registers: [register] });
  const took = new Gauge({ name: 'switchboard_metrics_collect_seconds', help: 'Time spent reading the tables for this scrape', registers: [register] });
  return async () => {
    const started = performance.now();
    await fill(deps, { queue, oldest, ready, outbox });
    sockets.set(await deps.bus.socketCount());
    const stats = options.pool?.();
    if (stats) for (const [state, n] of Object.entries(stats)) pool.set({ state }, n);
    took.set((performance.now() - started) / 1000);
  };
}

async function fill(deps: Deps, g: { queue: Gauge<'workspace' | 'status'>; oldest: Gauge<'workspace'>; ready: Gauge<'workspace'>; outbox: Gauge<'status'> }) {
  const now = deps.clock.now();
  const queued = await sql<{ workspace_id: string; status: string; n: number; first: number | null }>`
    SELECT workspace_id, status, count(*)::int AS n, min(handoff_at) AS first FROM conversations
    WHERE status IN ('waiting', 'dispatching') GROUP BY workspace_id, status`.execute(deps.db);
  const agents = await sql<{ workspace_id: string; n: number }>`
    SELECT workspace_id, count(*)::int AS n FROM agents WHERE presence = 'ready' GROUP BY workspace_id`.execute(deps.db);
  const sends = await sql<{ status: string; n: number }>`
    SELECT status, count(*)::int AS n FROM outbox WHERE status IN ('pending', 'sending', 'failed') GROUP BY status`.execute(deps.db);
  for (const gauge of Object.values(g)) gauge.reset();
  const firsts = new Map<string, number>();
  for (const r of queued.rows) {
    g.queue.set({ workspace: r.workspace_id, status: r.status }, r.n);
    if (r.first !== null) firsts.set(r.workspace_id, Math.min(firsts.get(r.workspace_id) ?? Infinity, Number(r.first)));
  }
  for (const [workspace, first] of firsts) g.oldest.set({ workspace }, Math.max(0, (now - first) / 1000));
  for (const r of agents.rows) g.ready.set({ workspace: r.workspace_id }, r.n);
  for (const status of ['pending', 'sending', 'failed']) g.outbox.set({ status }, sends.rows.find((r) => r.status === status)?.n ?? 0);
}
