import { Agent, AgentCreate, AgentUpdate, IdParams, PresenceUpdate } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../platform/deps.ts';
import { createAgent, getAgent, listAgents, setPresence, updateAgent } from './agents.ts';
import { requireRole } from '../platform/principal.ts';

export const agentRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['agents'];
    app.post('/agents', { schema: { tags, body: AgentCreate, response: { 201: Agent } } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      return reply.status(201).send(await createAgent(deps, req.principal, req.body));
    });
    app.get('/agents', { schema: { tags, response: { 200: z.object({ items: z.array(Agent) }) } } }, async (req) => ({
      items: await listAgents(deps, req.principal),
    }));
    app.get('/agents/:id', { schema: { tags, params: IdParams, response: { 200: Agent } } }, async (req) => getAgent(deps, req.principal, req.params.id));
    app.patch('/agents/:id', { schema: { tags, params: IdParams, body: AgentUpdate, response: { 200: Agent } } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateAgent(deps, req.principal, req.params.id, req.body);
    });
    app.put('/agents/:id/presence', { schema: { tags, params: IdParams, body: PresenceUpdate, response: { 200: Agent } } }, async (req) =>
      setPresence(deps, req.principal, req.params.id, req.body.presence, req.body.reason),
    );
  };
