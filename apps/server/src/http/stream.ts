import type { FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import type { Deps } from '../platform/deps.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import { canSupervise, type Principal } from '../platform/principal.ts';
import { frameOf, Member } from '../streams/member.ts';
import { parseAfter } from '../streams/cursor-param.ts';
import { socketClosed, socketOpened } from '../presence/heartbeat.ts';
import { isRevoked, SESSION_REVOKED, type Revocation } from '../security/revoke.ts';
import { resolveStreamCredential } from '../security/stream-tickets.ts';
import { stillValid } from '../security/tokens.ts';
import { withSignedFiles } from '../attachments/message-files.ts';

/** Supervisors and admins see their whole workspace; an agent sees what is not addressed to someone else. */
export function maySee(p: Principal, e: StreamEvent): boolean {
  if (e.workspaceId !== p.workspaceId) return false;
  if (canSupervise(p) || !e.agentIds) return true;
  return p.agentId !== null && e.agentIds.includes(p.agentId);
}

/** One agent, supervisor or admin socket in its workspace's room. */
class AgentMember extends Member {
  constructor(
    private readonly principal: Principal,
    private readonly socket: WebSocket,
    private readonly deps: Deps,
  ) {
    super();
  }

  greet(cursor: number, reset: boolean): void {
    const p = this.principal;
    this.send(frameOf('hello', { workspaceId: p.workspaceId, role: p.role, agentId: p.agentId, cursor, ...(reset ? { reset: true } : {}) }, undefined));
  }

  protected deliver(e: StreamEvent): void {
    // A revoked session's socket closes with the same code as a bad token: the console goes to its login page.
    if (e.type === SESSION_REVOKED) {
      if (isRevoked(this.principal, e.data as unknown as Revocation)) this.socket.close(4401, 'session revoked');
      return;
    }
    if (maySee(this.principal, e)) this.send(frameOf(e.type, withSignedFiles(this.deps, e.type, e.data), e.cursor));
  }

  private send(text: string) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }
}

/**
 * WebSocket /api/v1/stream?token=…[&after=<cursor>]: JSON frames `{type, data, cursor}`,
 * sent after the change commits; `after` replays what the socket missed (docs/events.md).
 */
export const streamRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.get('/stream', { websocket: true, schema: { hide: true } }, async (socket, req) => {
      const query = req.query as { token?: string; after?: string };
      const principal = query.token ? await resolveStreamCredential(deps, query.token) : null;
      if (!principal) {
        socket.send(JSON.stringify({ type: 'error', data: { code: 'UNAUTHENTICATED', message: 'pass ?token=<ticket or token>' } }));
        socket.close(4401, 'unauthenticated');
        return;
      }
      const joined = await deps.bus.join(principal.workspaceId, new AgentMember(principal, socket, deps), parseAfter(query.after)).catch((error: unknown) => {
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
