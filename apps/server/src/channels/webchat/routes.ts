import { WebchatSessionCreate } from '@switchboard/protocol';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { storableText } from '@switchboard/protocol';
import type { Deps } from '../../platform/deps.ts';
import { bearerToken } from '../../platform/bearer.ts';
import { allowAnyOrigin } from './cors.ts';
import { createSession, resolveSession, sessionState, webchatChannel } from './sessions.ts';
import { widgetSettings } from './settings.ts';
import { postVisitorMessage, visitorRead, visitorTyping } from './visitor-actions.ts';
import { endVisitorChat } from './visitor-end.ts';
import { VisitorStream } from './visitor-stream.ts';
import { WidgetCsatBody } from '@switchboard/protocol';
import { rateFromWidget } from '../../agent-tools/csat.ts';
import { socketClosed, socketOpened } from '../../presence/heartbeat.ts';
import { parseAfter } from '../../streams/cursor-param.ts';
import { keepOnlySocket } from '../../platform/upgraded-socket.ts';

const MessageBody = z.object({ text: storableText().trim().min(1).max(20_000), clientMessageId: storableText().min(1).max(100).optional() });
const ReadBody = z.object({ messageId: storableText().min(1).max(100) });
const ChannelParams = z.object({ channelId: storableText().min(1).max(100) });

/** The web-chat widget's public API: no admin token, a per-visitor session token instead. */
export const webchatRoutes = (deps: Deps): FastifyPluginAsync => {
  const plugin: FastifyPluginAsyncZod = async (app) => {
    const tags = ['webchat'];
    allowAnyOrigin(app);
    const visitor = (req: FastifyRequest) => resolveSession(deps, bearerToken(req));
    app.get('/webchat/:channelId/settings', { schema: { tags, params: ChannelParams } }, async (req) =>
      widgetSettings(await webchatChannel(deps, req.params.channelId)),
    );
    app.post('/webchat/:channelId/sessions', { schema: { tags, params: ChannelParams, body: WebchatSessionCreate } }, async (req, reply) =>
      reply.status(201).send(await createSession(deps, req.params.channelId, req.body, { ip: req.ip, bearer: bearerToken(req) })),
    );
    app.get('/webchat/session', { schema: { tags } }, async (req) => sessionState(deps, await visitor(req)));
    app.post('/webchat/messages', { schema: { tags, body: MessageBody } }, async (req) => postVisitorMessage(deps, await visitor(req), req.body));
    app.post('/webchat/typing', { schema: { tags } }, async (req, reply) => {
      await visitorTyping(deps, await visitor(req));
      return reply.status(204).send();
    });
    app.post('/webchat/read', { schema: { tags, body: ReadBody } }, async (req, reply) => {
      await visitorRead(deps, await visitor(req), req.body.messageId);
      return reply.status(204).send();
    });
    app.post('/webchat/end', { schema: { tags } }, async (req) => endVisitorChat(deps, await visitor(req)));
    app.post('/webchat/csat', { schema: { tags, body: WidgetCsatBody } }, async (req) => rateFromWidget(deps, await visitor(req), req.body));
    app.get('/webchat/stream', { websocket: true, schema: { hide: true } }, async (socket, req) => {
      keepOnlySocket(socket, req, (error) => deps.log.warn({ err: error }, 'visitor socket error'));
      const session = await resolveSession(deps, (req.query as { session?: string }).session).catch(() => undefined);
      if (!session) {
        socket.send(JSON.stringify({ type: 'error', data: { code: 'UNAUTHENTICATED', message: 'pass ?session=<sessionToken>' } }));
        return socket.close(4401, 'unauthenticated');
      }
      const unsubscribe = await new VisitorStream(session, socket).start(deps, parseAfter((req.query as { after?: string }).after)).catch((error: unknown) => {
        deps.log.warn({ err: error }, 'visitor stream join failed');
        socket.close(1011, 'try again');
      });
      if (!unsubscribe) return;
      // R14: while the page is open somewhere the visitor has not left (presence/).
      void socketOpened(deps, 'visitor', session.tokenHash).catch((error: unknown) => deps.log.warn({ err: error }, 'visitor heartbeat failed'));
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        unsubscribe();
        socketClosed('visitor', session.tokenHash);
      };
      socket.on('close', leave);
      socket.on('error', leave);
      if (socket.readyState !== socket.OPEN) leave();
    });
  };
  return plugin as FastifyPluginAsync;
};
