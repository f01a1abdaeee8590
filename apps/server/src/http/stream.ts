import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import { canSupervise, type Principal } from '../platform/principal.ts';
import { isRevoked, SESSION_REVOKED, type Revocation } from '../security/revoke.ts';
import { resolveStreamCredential } from '../security/stream-tickets.ts';
import { stillValid } from '../security/tokens.ts';

/** Supervisors and admins see their whole workspace; an agent sees what is not addressed to someone else. */
export function maySee(p: Principal, e: StreamEvent): boolean {
  if (e.workspaceId !== p.workspaceId) return false;
  if (canSupervise(p) || !e.agentIds) return true;
  return p.agentId !== null && e.agentIds.includes(p.agentId);
}

/** WebSocket /api/v1/stream?token=…: JSON frames `{type, data}`, sent after the change commits. */
export const streamRoutes =
  (deps: Deps): FastifyPluginAsync =>
  async (app) => {
    app.get('/stream', { websocket: true, schema: { hide: true } }, async (socket, req) => {
      const token = (req.query as { token?: string }).token;
      const principal = token ? await resolveStreamCredential(deps, token) : null;
      if (!principal) {
        socket.send(JSON.stringify({ type: 'error', data: { code: 'UNAUTHENTICATED', message: 'pass ?token=<ticket or token>' } }));
        socket.close(4401, 'unauthenticated');
        return;
      }
      const unsubscribe = deps.bus.subscribe((event) => {
        if (socket.readyState !== socket.OPEN) return;
        // A revoked session's socket closes with the same code as a bad token: the console goes to its login page.
        if (event.type === SESSION_REVOKED) {
          if (isRevoked(principal, event.data as unknown as Revocation)) socket.close(4401, 'session revoked');
          return;
        }
        if (maySee(principal, event)) socket.send(JSON.stringify({ type: event.type, data: event.data }));
      });
      socket.on('close', unsubscribe);
      socket.on('error', unsubscribe);
      if (principal.tokenHash && !(await stillValid(deps, principal.tokenHash))) {
        socket.close(4401, 'session revoked');
        return;
      }
      socket.send(JSON.stringify({ type: 'hello', data: { workspaceId: principal.workspaceId, role: principal.role, agentId: principal.agentId } }));
    });
  };
