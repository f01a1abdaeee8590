import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { migrationNames } from '../db/migrate.ts';
import type { Deps } from '../platform/deps.ts';
import { send } from './errors.ts';

/**
 * What a load balancer asks: `/healthz` (the process runs: restart it if
 * not) and `/readyz` (send it traffic: the database answers, this build's
 * migrations are applied, it is not shutting down). From the moment a
 * shutdown starts every request is answered 503 SHUTTING_DOWN with
 * Retry-After and the usual error body (Fastify's own 503 has neither), so
 * a client or balancer retries on another process.
 */
export async function lifecycleRoutes(app: FastifyInstance, deps: Deps) {
  let closing = false;
  const expected = await migrationNames();
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (req, reply) => {
    if (!closing || req.url === '/healthz') return;
    reply.header('retry-after', '1').header('connection', 'close');
    return send(reply, 503, 'SHUTTING_DOWN', 'this server process is shutting down; retry, another process will answer');
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    // A database that is away throws here, and the error handler answers 503 DATABASE_UNAVAILABLE.
    const applied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM schema_migrations WHERE name = ANY(${expected})`.execute(deps.db);
    if ((applied.rows[0]?.n ?? 0) < expected.length) {
      reply.header('retry-after', '2');
      return send(reply, 503, 'DATABASE_UNAVAILABLE', 'the database is reachable but this build’s migrations are not all applied yet');
    }
    return { ok: true, database: 'up' };
  });
}
