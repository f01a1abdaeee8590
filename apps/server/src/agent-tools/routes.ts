import {
  AgentToolsSettingsBody,
  CannedRenderBody,
  CannedResponseBody,
  CannedResponsePatch,
  CannedResponseQuery,
  ConversationTagsBody,
  CsatSettingsBody,
  IdParams,
  TagBody,
  TagPatch,
  ViewingBody,
} from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { requireRole } from '../platform/principal.ts';
import { createCanned, deleteCanned, listCanned, renderCanned, updateCanned } from './canned.ts';
import { announceViewing } from './collision.ts';
import { agentToolsFrom, getAgentTools, updateAgentToolsSettings, updateCsatSettings } from './settings.ts';
import { createTag, listTags, setConversationTags, updateTag } from './tags.ts';
import { endWrapUpEarly } from './wrap-up.ts';

/** Agent tools (docs/agent-tools.md): tags, canned responses, satisfaction and wrap-up settings, collision. */
export const agentToolRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['agent tools'];
    const params = IdParams;
    app.get('/tags', { schema: { tags } }, async (req) => listTags(deps, req.principal));
    app.post('/tags', { schema: { tags, body: TagBody } }, async (req, reply) => reply.status(201).send(await createTag(deps, req.principal, req.body)));
    app.patch('/tags/:id', { schema: { tags, params, body: TagPatch } }, async (req) => updateTag(deps, req.principal, req.params.id, req.body));
    app.put('/conversations/:id/tags', { schema: { tags, params, body: ConversationTagsBody } }, async (req) =>
      setConversationTags(deps, req.principal, req.params.id, req.body.tags),
    );

    app.get('/canned-responses', { schema: { tags, querystring: CannedResponseQuery } }, async (req) => listCanned(deps, req.principal, req.query));
    app.post('/canned-responses', { schema: { tags, body: CannedResponseBody } }, async (req, reply) =>
      reply.status(201).send(await createCanned(deps, req.principal, req.body)),
    );
    app.patch('/canned-responses/:id', { schema: { tags, params, body: CannedResponsePatch } }, async (req) =>
      updateCanned(deps, req.principal, req.params.id, req.body),
    );
    app.delete('/canned-responses/:id', { schema: { tags, params } }, async (req, reply) => {
      await deleteCanned(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
    app.post('/canned-responses/:id/render', { schema: { tags, params, body: CannedRenderBody } }, async (req) =>
      renderCanned(deps, req.principal, req.params.id, req.body),
    );

    app.get('/settings/csat', { schema: { tags } }, async (req) => (await getAgentTools(deps.db, req.principal.workspaceId)).csat);
    app.patch('/settings/csat', { schema: { tags, body: CsatSettingsBody } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateCsatSettings(deps, req.principal, req.body);
    });
    app.get('/settings/agent-tools', { schema: { tags } }, async (req) => {
      const s = agentToolsFrom(
        (await deps.db.selectFrom('workspaces').select('agent_tools').where('id', '=', req.principal.workspaceId).executeTakeFirstOrThrow()).agent_tools,
      );
      return { wrapUpSeconds: s.wrapUpSeconds, tagsRequiredAtClose: s.tagsRequiredAtClose };
    });
    app.patch('/settings/agent-tools', { schema: { tags, body: AgentToolsSettingsBody } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateAgentToolsSettings(deps, req.principal, req.body);
    });

    app.post('/conversations/:id/viewing', { schema: { tags, params, body: ViewingBody } }, async (req, reply) => {
      await announceViewing(deps, req.principal, req.params.id, req.body.state);
      return reply.status(204).send();
    });
    app.post('/conversations/:id/wrap-up/end', { schema: { tags, params } }, async (req) => endWrapUpEarly(deps, req.principal, req.params.id));
  };
