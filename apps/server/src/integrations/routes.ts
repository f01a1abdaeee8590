import { IdParams, WebhookCreate, WebhookCreated, WebhookDeliveriesQuery } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { requireAdminPerson } from '../security/api-keys.ts';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from './webhooks.ts';

/** Outbound webhooks: they carry every event of the workspace, so managing them takes an admin (never an API key). */
export const integrationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['integrations'];
    app.post('/webhooks', { schema: { tags, body: WebhookCreate, response: { 201: WebhookCreated } } }, async (req, reply) => {
      requireAdminPerson(req.principal);
      return reply.status(201).send(await createWebhook(deps, req.principal, req.body));
    });
    app.get('/webhooks', { schema: { tags } }, async (req) => {
      requireAdminPerson(req.principal);
      return listWebhooks(deps, req.principal);
    });
    app.delete('/webhooks/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
      requireAdminPerson(req.principal);
      await deleteWebhook(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
    app.get('/webhooks/:id/deliveries', { schema: { tags, params: IdParams, querystring: WebhookDeliveriesQuery } }, async (req) => {
      requireAdminPerson(req.principal);
      return listDeliveries(deps, req.principal, req.params.id, req.query);
    });
  };
