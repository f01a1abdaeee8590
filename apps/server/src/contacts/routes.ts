import { ContactListQuery, ContactMergeBody, ContactPatch, IdParams } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { getContact, listContacts, mergeContacts, updateContact } from './contacts.ts';
import { requireRole } from '../platform/principal.ts';

/** Every agent may read contacts; editing and merging are for supervisors and admins. */
export const contactRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['contacts'];
    app.get('/contacts', { schema: { tags, querystring: ContactListQuery } }, async (req) => listContacts(deps, req.principal, req.query));
    app.get('/contacts/:id', { schema: { tags, params: IdParams } }, async (req) => getContact(deps, req.principal, req.params.id));
    app.patch('/contacts/:id', { schema: { tags, params: IdParams, body: ContactPatch } }, async (req) => {
      requireRole(req.principal, 'supervisor');
      return updateContact(deps, req.principal, req.params.id, req.body);
    });
    app.post('/contacts/:id/merge', { schema: { tags, params: IdParams, body: ContactMergeBody } }, async (req) => {
      requireRole(req.principal, 'supervisor');
      return mergeContacts(deps, req.principal, req.params.id, req.body.contactId);
    });
  };
