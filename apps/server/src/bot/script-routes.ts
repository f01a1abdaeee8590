import { IdParams, ScriptBody, ScriptSimulateBody, ScriptVersionParams } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { simulateScript } from './script-simulation.ts';
import { createScript, deleteScript, getScript, getScriptVersion, listScripts, publishScript, replaceDraft } from './scripts.ts';
import { requireRole } from '../platform/principal.ts';

/** Conversation scripts: a validated draft, frozen versions, a simulator (docs/bot.md). */
export const scriptRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['scripts'];
    app.get('/scripts', { schema: { tags } }, async (req) => listScripts(deps, req.principal));
    app.get('/scripts/:id', { schema: { tags, params: IdParams } }, async (req) => getScript(deps, req.principal, req.params.id));
    app.get('/scripts/:id/versions/:version', { schema: { tags, params: ScriptVersionParams } }, async (req) =>
      getScriptVersion(deps, req.principal, req.params.id, req.params.version),
    );
    app.post('/scripts', { schema: { tags, body: ScriptBody } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      return reply.status(201).send(await createScript(deps, req.principal, req.body));
    });
    app.put('/scripts/:id', { schema: { tags, params: IdParams, body: ScriptBody } }, async (req) => {
      requireRole(req.principal, 'admin');
      return replaceDraft(deps, req.principal, req.params.id, req.body);
    });
    app.post('/scripts/:id/publish', { schema: { tags, params: IdParams } }, async (req) => {
      requireRole(req.principal, 'admin');
      return publishScript(deps, req.principal, req.params.id);
    });
    app.post('/scripts/:id/simulate', { schema: { tags, params: IdParams, body: ScriptSimulateBody } }, async (req) => {
      requireRole(req.principal, 'admin');
      return simulateScript(deps, req.principal, req.params.id, req.body);
    });
    app.delete('/scripts/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      await deleteScript(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
  };
