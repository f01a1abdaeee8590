import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/**
 * Lets go of the HTTP upgrade once its WebSocket is open, so that a socket
 * costs only its socket (issue #13: half of a socket's heap was its upgrade
 * request). @fastify/websocket leaves two holds on it for the socket's whole
 * life: its `error` listener closes over the Fastify request and reply (the
 * request's headers, its child logger), and the TCP socket keeps the raw
 * response it assigned (which keeps the raw request and a `finish` listener
 * holding the reply). Call first thing in a websocket route: the listener
 * that replaces its `error` listener does what its default did (log,
 * terminate), with the log given here instead of the request's.
 */
export function keepOnlySocket(socket: WebSocket, req: FastifyRequest, onError: (error: Error) => void): void {
  for (const listener of socket.listeners('error')) socket.off('error', listener as (error: Error) => void);
  socket.on('error', (error) => {
    onError(error);
    socket.terminate();
  });
  const tcp = req.raw.socket as Socket & { _httpMessage?: ServerResponse | null };
  const response = tcp?._httpMessage;
  if (response && typeof response.detachSocket === 'function') response.detachSocket(tcp);
}
