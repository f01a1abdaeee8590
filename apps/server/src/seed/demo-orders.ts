import type { FastifyPluginAsync } from 'fastify';

const STATUSES = ['processing', 'shipped', 'out for delivery', 'delivered'] as const;
const DAY_MS = 86_400_000;

/**
 * A stand-in order system for the demo script (SAMPLE_ORDER_STATUS_SCRIPT calls
 * `{{baseUrl}}/demo/orders/:n`). Answers are derived from the number, so the
 * same order always has the same status; no data is stored or exposed.
 */
export const demoOrderRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Params: { orderNumber: string } }>('/demo/orders/:orderNumber', { schema: { hide: true } }, async (req, reply) => {
    const digits = req.params.orderNumber.replace(/\D/g, '');
    if (digits === '' || digits.length > 12) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such order' } });
    const n = Number(digits);
    const status = STATUSES[n % STATUSES.length]!;
    const eta = new Date(Date.UTC(2026, 11, 1) + (n % 7) * DAY_MS).toISOString().slice(0, 10);
    return { orderNumber: req.params.orderNumber.toUpperCase(), status, eta };
  });
};
