import { BusinessHoursPut } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { requireRole } from '../platform/principal.ts';
import { businessHoursNow, clearBusinessHours, getBusinessHours, putBusinessHours } from './business-hours.ts';

/** SPEC §5 "Queue policy": the workspace schedule (R11). Channel policies ride on /channels; timers on /settings/routing. */
export const policyRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['policy'];
    app.get('/settings/business-hours', { schema: { tags } }, async (req) => getBusinessHours(deps, req.principal));
    app.get('/settings/business-hours/status', { schema: { tags } }, async (req) => businessHoursNow(deps, req.principal));
    app.put('/settings/business-hours', { schema: { tags, body: BusinessHoursPut } }, async (req) => {
      requireRole(req.principal, 'admin');
      return putBusinessHours(deps, req.principal, req.body);
    });
    app.delete('/settings/business-hours', { schema: { tags } }, async (req) => {
      requireRole(req.principal, 'admin');
      return clearBusinessHours(deps, req.principal);
    });
  };
