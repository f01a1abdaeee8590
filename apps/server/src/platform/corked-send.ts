import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** The stream socket's side a frame goes out through (`ws` keeps its TCP socket as `_socket`). */
export type FrameSocket = Pick<WebSocket, 'readyState' | 'OPEN' | 'send'>;

const corked = new WeakSet<Socket>();

/**
 * Sends one frame; the frames a socket is sent in the same turn of the event
 * loop leave in one write. A routing batch's events reach a supervisor's
 * socket together (a new customer alone raises five), and `ws` writes each
 * frame at once: under load those writes were more of the server's system
 * calls than its statements to PostgreSQL (issue #13). The TCP socket is
 * corked at the first frame of a turn and uncorked on the next tick, so
 * nothing waits for later traffic.
 */
export function sendFrame(socket: FrameSocket, frame: string | Buffer, options?: { binary: boolean }): void {
  if (socket.readyState !== socket.OPEN) return;
  const tcp = (socket as { _socket?: Socket })._socket;
  if (tcp && !corked.has(tcp)) {
    corked.add(tcp);
    tcp.cork();
    process.nextTick(() => {
      corked.delete(tcp);
      tcp.uncork();
    });
  }
  if (options) socket.send(frame, options);
  else socket.send(frame);
}
