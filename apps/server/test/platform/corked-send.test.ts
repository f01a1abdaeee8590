import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { sendFrame } from '../../src/platform/corked-send.ts';

/** Frames sent to a socket in one turn of the event loop leave in one write (platform/corked-send.ts). */
describe('corked stream frames', () => {
  let server: WebSocketServer;
  let peer: WebSocket;
  let client: WebSocket;
  const received: string[] = [];

  beforeAll(async () => {
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
    client = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
    client.on('message', (data) => received.push(String(data)));
    await new Promise((resolve) => client.once('open', resolve));
    peer = await accepted;
  });
  afterAll(async () => {
    client.close();
    await new Promise((resolve) => server.close(resolve));
  });

  /** How many writes the server's TCP socket makes while `send` runs and its frames arrive. */
  async function writesOf(n: number, send: (frame: string) => void) {
    type Write = (this: Socket, ...args: unknown[]) => unknown;
    const tcp = (peer as unknown as { _socket: Socket & { _write: Write; _writev: Write } })._socket;
    let writes = 0;
    const [write, writev] = [tcp._write, tcp._writev];
    tcp._write = function (this: Socket, ...args: unknown[]) {
      writes++;
      return write.apply(this, args);
    };
    tcp._writev = function (this: Socket, ...args: unknown[]) {
      writes++;
      return writev.apply(this, args);
    };
    const before = received.length;
    for (let i = 0; i < n; i++) send(`frame ${i}`);
    for (let i = 0; i < 200 && received.length < before + n; i++) await new Promise((r) => setTimeout(r, 5));
    Object.assign(tcp, { _write: write, _writev: writev });
    expect(received.slice(before)).toEqual(Array.from({ length: n }, (_, i) => `frame ${i}`));
    return writes;
  }

  it('sends the frames of one turn in one write, in order', async () => {
    expect(await writesOf(5, (f) => sendFrame(peer, f))).toBe(1);
  });

  it('where ws alone makes a write of each frame', async () => {
    expect(await writesOf(5, (f) => peer.send(f))).toBe(5);
  });

  it('does not hold a frame for later traffic: the next turn writes again', async () => {
    expect(await writesOf(1, (f) => sendFrame(peer, f))).toBe(1);
    expect(await writesOf(2, (f) => sendFrame(peer, f))).toBe(1);
  });
});
