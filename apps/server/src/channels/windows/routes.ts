import { IdParams, TemplateCreate, TemplateMessageBody, TemplateParams } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../platform/deps.ts';
import { requireRole } from '../../platform/principal.ts';
import { createTemplate, deleteTemplate, listTemplates, sendTemplateMessage } from './templates.ts';
import { replyWindow } from './window-view.ts';

/** Messaging windows and WhatsApp templates (docs/channels.md, "Messaging windows"). */
export const windowRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['channels'];
    app.get('/conversations/:id/reply-window', { schema: { tags, params: IdParams } }, async (req) => replyWindow(deps, req.principal, req.params.id));
    app.post('/conversations/:id/template-messages', { schema: { tags, params: IdParams, body: TemplateMessageBody } }, async (req, reply) =>
      reply.status(201).send(await sendTemplateMessage(deps, req.principal, req.params.id, req.body)),
    );
    app.get('/channels/:id/templates', { schema: { tags, params: IdParams } }, async (req) => listTemplates(deps, req.principal, req.params.id));
    app.post('/channels/:id/templates', { schema: { tags, params: IdParams, body: TemplateCreate } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      return reply.status(201).send(await createTemplate(deps, req.principal, req.params.id, req.body));
    });
    app.delete('/channels/:id/templates/:templateId', { schema: { tags, params: TemplateParams } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      await deleteTemplate(deps, req.principal, req.params.id, req.params.templateId);
      return reply.status(204).send();
    });
  };
