import { ApiKeyCreate, ApiKeyCreated, AuditLogQuery, IdParams, LoginBody, SecuritySettings, SecuritySettingsPatch } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { requireRole } from '../platform/principal.ts';
import { rotateAdminToken } from './admin-token.ts';
import { createApiKey, deleteApiKey, listApiKeys, requireAdminPerson } from './api-keys.ts';
import { listAuditLog } from './audit.ts';
import { login, logout } from './login.ts';
import { getSecuritySettings, updateSecuritySettings } from './settings.ts';
import { issueStreamTicket } from './stream-tickets.ts';

/** Login needs no token (it is rate limited instead: security/login.ts). */
export const securityPublicRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    app.post('/auth/login', { schema: { tags: ['auth'], body: LoginBody } }, async (req) => login(deps, req.body, req.ip));
  };

export const securityRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['security'];
    app.post('/auth/logout', { schema: { tags: ['auth'] } }, async (req, reply) => {
      await logout(deps, req.principal);
      return reply.status(204).send();
    });
    app.post('/stream/tickets', { schema: { tags: ['auth'] } }, async (req, reply) => reply.status(201).send(await issueStreamTicket(deps, req.principal)));
    app.post('/api-keys', { schema: { tags, body: ApiKeyCreate, response: { 201: ApiKeyCreated } } }, async (req, reply) => {
      requireAdminPerson(req.principal);
      return reply.status(201).send(await createApiKey(deps, req.principal, req.body));
    });
    app.get('/api-keys', { schema: { tags } }, async (req) => {
      requireAdminPerson(req.principal);
      return listApiKeys(deps, req.principal);
    });
    app.delete('/api-keys/:id', { schema: { tags, params: IdParams } }, async (req, reply) => {
      requireAdminPerson(req.principal);
      await deleteApiKey(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
    app.post('/workspace/admin-token/rotate', { schema: { tags } }, async (req) => {
      requireAdminPerson(req.principal);
      return rotateAdminToken(deps, req.principal);
    });
    app.get('/audit-log', { schema: { tags, querystring: AuditLogQuery } }, async (req) => {
      requireAdminPerson(req.principal);
      return listAuditLog(deps, req.principal, req.query);
    });
    app.get('/settings/security', { schema: { tags, response: { 200: SecuritySettings } } }, async (req) =>
      getSecuritySettings(deps.db, req.principal.workspaceId),
    );
    app.patch('/settings/security', { schema: { tags, body: SecuritySettingsPatch, response: { 200: SecuritySettings } } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateSecuritySettings(deps, req.principal, req.body);
    });
  };
