import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import { parseAfter } from '../streams/cursor-param.ts';
import { socketClosed, socketOpened } from '../presence/heartbeat.ts';
import { resolveStreamCredential } from '../security/stream-tickets.ts';
import { stillValid } from '../security/tokens.ts';
import { AgentFrames, AgentMember } from './agent-member.ts';
import { keepOnlySocket } from '../platform/upgraded-socket.ts';

/**
 * WebSocket /api/v1/stream?token=…[&after=<cursor>]: JSON frames `{type, data, cursor}`,
 * sent after the change commits; `after` replays what the socket missed (docs/events.md).
 */
export const streamRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    const frames = new AgentFrames(deps);
    app.get('/stream', { websocket: true, schema: { hide: true } }, async (socket, req) => {
      keepOnlySocket(socket, req, (error) => deps.log.warn({ err: error }, 'stream socket error'));
      const query = req.query as { token?: string; after?: string };
      const principal = query.token ? await resolveStreamCredential(deps, query.token) : null;
      if (!principal) {
        socket.send(JSON.stringify({ type: 'error', data: { code: 'UNAUTHENTICATED', message: 'pass ?token=<ticket or token>' } }));
        socket.close(4401, 'unauthenticated');
        return;
      }
      const joined = await deps.bus.join(principal.workspaceId, new AgentMember(principal, socket, frames), parseAfter(query.after)).catch((error: unknown) => {
        deps.log.warn({ err: error }, 'stream join failed');
        socket.close(1011, 'try again');
      });
      if (!joined) return;
      // A session revoked between the credential's lookup and joining: the revocation event is already past.
      if (principal.tokenHash && !(await stillValid(deps, principal.tokenHash))) {
        joined.leave();
        socket.close(4401, 'session revoked');
        return;
      }
      // R14: a console socket of an agent is followed (presence/); the admin token's is not.
      const agentId = principal.agentId;
      if (agentId) void socketOpened(deps, 'console', agentId).catch((error: unknown) => deps.log.warn({ err: error }, 'console heartbeat failed'));
      let left = false;
      const leave = () => {
        if (left) return;
        left = true;
        joined.leave();
        if (agentId) socketClosed('console', agentId);
      };
      socket.on('close', leave);
      socket.on('error', leave);
      if (socket.readyState !== socket.OPEN) leave();
    });
  };
