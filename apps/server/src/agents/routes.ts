import { Agent, AgentCreate, AgentUpdate, IdParams, PasswordChange, PasswordReset, PresenceUpdate } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../platform/deps.ts';
import { createAgent, getAgent, listAgents, setPresence, updateAgent } from './agents.ts';
import { changeOwnPassword, deactivateAgent, reactivateAgent, resetPassword } from './account.ts';
import { requireRole } from '../platform/principal.ts';

export const agentRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['agents'];
    const one = { tags, params: IdParams, response: { 200: Agent } };
    app.post('/agents', { schema: { tags, body: AgentCreate, response: { 201: Agent } } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      return reply.status(201).send(await createAgent(deps, req.principal, req.body));
    });
    app.get('/agents', { schema: { tags, response: { 200: z.object({ items: z.array(Agent) }) } } }, async (req) => ({
      items: await listAgents(deps, req.principal),
    }));
    app.get('/agents/:id', { schema: one }, async (req) => getAgent(deps, req.principal, req.params.id));
    app.patch('/agents/:id', { schema: { ...one, body: AgentUpdate } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateAgent(deps, req.principal, req.params.id, req.body);
    });
    app.put('/agents/:id/presence', { schema: { ...one, body: PresenceUpdate } }, async (req) =>
      setPresence(deps, req.principal, req.params.id, req.body.presence, req.body.reason),
    );
    app.post('/agents/:id/password', { schema: { ...one, body: PasswordReset } }, async (req) => {
      requireRole(req.principal, 'admin');
      return resetPassword(deps, req.principal, req.params.id, req.body.password);
    });
    app.post('/agents/:id/deactivate', { schema: one }, async (req) => {
      requireRole(req.principal, 'admin');
      return deactivateAgent(deps, req.principal, req.params.id);
    });
    app.post('/agents/:id/reactivate', { schema: one }, async (req) => {
      requireRole(req.principal, 'admin');
      return reactivateAgent(deps, req.principal, req.params.id);
    });
    app.post('/me/password', { schema: { tags: ['auth'], body: PasswordChange } }, async (req, reply) => {
      await changeOwnPassword(deps, req.principal, req.body.current, req.body.next);
      return reply.status(204).send();
    });
  };
