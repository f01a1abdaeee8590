import type { WebSocket, WebSocketServer } from 'ws';

/** How often every socket is pinged; one that has not answered the previous ping by the next is dropped. */
export const DEFAULT_PING_MS = 30_000;

/**
 * Drops WebSockets whose other end is gone without a close: a laptop that
 * slept, a phone that lost its network, a NAT that forgot the connection.
 * TCP would keep such a half-open socket for many minutes (until its own
 * timeouts), and meanwhile an agent's console counts as connected (R14 never
 * starts its grace: conversations are still offered to someone who cannot
 * see them) and a visitor's socket holds its memory and its room.
 *
 * Every `everyMs` each socket gets a ping; browsers and ws clients answer
 * with a pong by themselves. A socket with no pong since the previous ping
 * is terminated, which runs its close handlers as any close does (presence,
 * rooms). So a dead peer is found within two intervals. One timer for the
 * whole server, not one per socket.
 */
export function watchLiveness(server: WebSocketServer, everyMs = DEFAULT_PING_MS): () => void {
  const answered = new WeakSet<WebSocket>();
  server.on('connection', (socket: WebSocket) => {
    answered.add(socket);
    socket.on('pong', () => answered.add(socket));
  });
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (!answered.has(socket)) {
        socket.terminate();
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
