import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../platform/deps.ts';
import { requireRole } from '../platform/principal.ts';
import { SimulationBody } from './simulation-request.ts';
import { createSimulation, getSimulation, startSimulationJobs } from './simulations.ts';

export const simulationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['simulations'];
    app.post('/simulations', { schema: { tags, body: SimulationBody } }, async (req, reply) => {
      requireRole(req.principal, 'supervisor');
      const answer = await createSimulation(deps, req.principal, req.body);
      // A job starts here at once rather than at the next scheduler beat; it is still claimed like any other.
      if (answer.status === 202) setImmediate(() => void startSimulationJobs(deps));
      return reply.code(answer.status).send(answer.body);
    });
    app.get('/simulations/:id', { schema: { tags, params: z.object({ id: z.string().max(100) }) } }, async (req) => {
      requireRole(req.principal, 'supervisor');
      return getSimulation(deps, req.principal, req.params.id);
    });
  };
