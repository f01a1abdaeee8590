import {
  ActingAgentBody,
  AgentMessageBody,
  CloseBody,
  ConversationListQuery,
  HandoffBody,
  IdParams,
  StartConversationBody,
  TransferBody,
} from '@switchboard/protocol';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../platform/deps.ts';
import { sendAgentMessage, startConversation } from './agent-messages.ts';
import { acceptOffer, closeConversation, handoff, rejectOffer, transferConversation } from './conversation-actions.ts';
import { agentTyping } from './typing.ts';
import { countConversations, getConversation, listConversationEvents, listConversations, listMessages } from './conversation-queries.ts';

export const conversationRoutes =
  (deps: Deps): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['conversations'];
    const p = IdParams;
    app.get('/conversations', { schema: { tags, querystring: ConversationListQuery } }, async (req) => listConversations(deps, req.principal, req.query));
    app.get('/conversations/counts', { schema: { tags } }, async (req) => countConversations(deps, req.principal));
    app.post('/conversations', { schema: { tags, body: StartConversationBody } }, async (req, reply) =>
      reply.status(201).send(await startConversation(deps, req.principal, req.body)),
    );
    app.get('/conversations/:id', { schema: { tags, params: p } }, async (req) => getConversation(deps, req.principal, req.params.id));
    app.get('/conversations/:id/messages', { schema: { tags, params: p } }, async (req) => listMessages(deps, req.principal, req.params.id));
    app.get('/conversations/:id/events', { schema: { tags, params: p } }, async (req) => listConversationEvents(deps, req.principal, req.params.id));
    app.post('/conversations/:id/messages', { schema: { tags, params: p, body: AgentMessageBody } }, async (req, reply) =>
      reply.status(201).send(await sendAgentMessage(deps, req.principal, req.params.id, req.body)),
    );
    app.post('/conversations/:id/typing', { schema: { tags, params: p } }, async (req, reply) => {
      await agentTyping(deps, req.principal, req.params.id);
      return reply.status(204).send();
    });
    app.post('/conversations/:id/handoff', { schema: { tags, params: p, body: HandoffBody.nullish() } }, async (req) =>
      handoff(deps, req.principal, req.params.id, req.body ?? {}),
    );
    app.post('/conversations/:id/accept', { schema: { tags, params: p, body: ActingAgentBody } }, async (req) =>
      acceptOffer(deps, req.principal, req.params.id, req.body?.agentId),
    );
    app.post('/conversations/:id/reject', { schema: { tags, params: p, body: ActingAgentBody } }, async (req) =>
      rejectOffer(deps, req.principal, req.params.id, req.body?.agentId),
    );
    app.post('/conversations/:id/close', { schema: { tags, params: p, body: CloseBody } }, async (req) =>
      closeConversation(deps, req.principal, req.params.id, req.body?.reason, req.body?.tags),
    );
    app.post('/conversations/:id/transfer', { schema: { tags, params: p, body: TransferBody } }, async (req) =>
      transferConversation(deps, req.principal, req.params.id, req.body),
    );
  };
