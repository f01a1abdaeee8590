import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../platform/deps.ts';

const STATUSES = ['processing', 'shipped', 'out for delivery', 'delivered'] as const;
const DAY_MS = 86_400_000;

/**
 * A stand-in order system for the demo script (SAMPLE_ORDER_STATUS_SCRIPT calls
 * `{{baseUrl}}/demo/orders/:n`). Answers are derived from the number, so the
 * same order always has the same status; no data is stored or exposed.
 * It answers only while a demo workspace exists (issue #11 finding 19):
 * other deployments get the same 404 as any unknown path.
 */
export const demoOrderRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    let demoSeen = false;
    const demoExists = async () =>
      (demoSeen ||= (await deps.db.selectFrom('workspaces').select('id').where('is_demo', '=', true).executeTakeFirst()) !== undefined);
    app.get<{ Params: { orderNumber: string } }>('/demo/orders/:orderNumber', { schema: { hide: true } }, async (req, reply) => {
      if (!(await demoExists())) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route GET ${req.url.split('?')[0]}` } });
      const digits = req.params.orderNumber.replace(/\D/g, '');
      if (digits === '' || digits.length > 12) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such order' } });
      const n = Number(digits);
      const status = STATUSES[n % STATUSES.length]!;
      const eta = new Date(Date.UTC(2026, 11, 1) + (n % 7) * DAY_MS).toISOString().slice(0, 10);
      return { orderNumber: req.params.orderNumber.toUpperCase(), status, eta };
    });
  };
