import { ChannelCreate, ChannelUpdate, IdParams, InboundBody, InboundResult, LeaveBody } from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { createChannel, getChannel, getChannelCached, listChannels, updateChannel } from './channels.ts';
import { abandonConversation } from '../conversations/abandon.ts';
import { receiveInbound } from '../inbound/inbound.ts';
import { requireInboundRight, requireRole } from '../platform/principal.ts';

export const channelRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['channels'];
    app.post('/channels', { schema: { tags, body: ChannelCreate } }, async (req, reply) => {
      requireRole(req.principal, 'admin');
      return reply.status(201).send(await createChannel(deps, req.principal, req.body));
    });
    app.get('/channels', { schema: { tags } }, async (req) => ({ items: await listChannels(deps, req.principal) }));
    app.get('/channels/:id', { schema: { tags, params: IdParams } }, async (req) => getChannel(deps, req.principal, req.params.id));
    app.patch('/channels/:id', { schema: { tags, params: IdParams, body: ChannelUpdate } }, async (req) => {
      requireRole(req.principal, 'admin');
      return updateChannel(deps, req.principal, req.params.id, req.body);
    });
    app.post(
      '/channels/:id/inbound',
      { config: { scope: 'inbound' }, schema: { tags, params: IdParams, body: InboundBody, response: { 200: InboundResult, 201: InboundResult } } },
      async (req, reply) => {
        requireInboundRight(req.principal);
        const channel = await getChannelCached(deps, req.principal.workspaceId, req.params.id);
        const result = await receiveInbound(deps, channel, req.body);
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );
    // R9: the customer left while queued.
    app.post('/channels/:id/leave', { config: { scope: 'inbound' }, schema: { tags, params: IdParams, body: LeaveBody } }, async (req) => {
      requireInboundRight(req.principal);
      const channel = await getChannelCached(deps, req.principal.workspaceId, req.params.id);
      return abandonConversation(deps, channel, req.body.contact.externalId);
    });
  };
