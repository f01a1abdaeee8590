import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleSockets, visitorSockets } from '../src/presence/connections.ts';
import { followPresence } from '../src/presence/follow.ts';
import { hashToken } from '../src/platform/secrets.ts';
import { collectFrames, startTestServer, type TestServer } from './harness.ts';
import { createChannel } from './channels/support/flows.ts';
import { startVisitor } from './channels/support/visitor.ts';

const PING_MS = 150;

/**
 * Half-open sockets (issue #13): a peer gone without a close (a laptop asleep, a lost network) is
 * found by the server's pings and dropped within two intervals, so R14's grace starts and the agent
 * is not offered conversations for minutes. Pings run on real time (a socket's I/O does not follow
 * the fake clock): the interval here is 150 ms.
 */
describe('sockets whose peer is gone', () => {
  let s: TestServer;
  let agents = 0;
  beforeAll(async () => {
    s = await startTestServer({ app: { pingMs: PING_MS } });
  });
  afterAll(() => s.close());

  /** A socket whose peer does not answer pings, as a peer that is gone does not. */
  async function open(path: string, autoPong: boolean) {
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/${path}`, { autoPong });
    const { next } = collectFrames(ws);
    await next((f) => f.type === 'hello');
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    return { ws, closed };
  }

  async function readyAgent() {
    const email = `liveness-${++agents}@example.com`;
    const created = await s.api('POST', '/agents', { name: `Agent ${agents}`, email, password: 'password-123', capacity: 2 });
    const login = await s.api('POST', '/auth/login', { email, password: 'password-123', workspaceId: s.workspaceId }, null);
    const token = login.body.token as string;
    expect((await s.api('PUT', `/agents/${created.body.id}/presence`, { presence: 'ready' }, token)).status).toBe(200);
    return { id: created.body.id as string, token };
  }

  const settled = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'open'>((r) => setTimeout(() => r('open'), ms))]);

  it('drops a console socket that answers no ping, and the agent then goes offline after the grace', async () => {
    const a = await readyAgent();
    const { closed } = await open(`stream?token=${encodeURIComponent(a.token)}`, false);
    await expect.poll(() => consoleSockets.keys()).toContain(a.id);
    // Dropped within two intervals (and a margin for a busy machine).
    expect(await settled(closed, PING_MS * 2 + 2_000)).toBe(1006);
    await expect.poll(() => consoleSockets.keys().includes(a.id)).toBe(false);
    for (let t = 0; t < 70; t += 5) {
      s.clock.advance(5_000);
      await followPresence(s.container.deps);
    }
    expect((await s.api('GET', `/agents/${a.id}`)).body.presence).toBe('offline');
  });

  it('keeps a socket that answers, over many intervals', async () => {
    const a = await readyAgent();
    const { ws, closed } = await open(`stream?token=${encodeURIComponent(a.token)}`, true);
    expect(await settled(closed, PING_MS * 8)).toBe('open');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('drops a web-chat visitor socket that answers no ping', async () => {
    const channelId = await createChannel(s, 'webchat', {}, { bot: false });
    const visitor = await startVisitor(s, channelId);
    const { closed } = await open(`webchat/stream?session=${encodeURIComponent(visitor.token)}`, false);
    await expect.poll(() => visitorSockets.keys()).toContain(hashToken(visitor.token));
    expect(await settled(closed, PING_MS * 2 + 2_000)).toBe(1006);
  });
});
