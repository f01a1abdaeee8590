import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { AgentFrames, AgentMember } from '../src/http/agent-member.ts';
import type { Principal } from '../src/platform/principal.ts';
import type { StreamEvent } from '../src/platform/stream-event.ts';
import { collectFrames, connectStream, startTestServer, type TestServer } from './harness.ts';

// A collector this test can call (vitest runs without --expose-gc).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const tick = () => new Promise((r) => setImmediate(r));

/** A socket at the port the member sends through: it records what it is given. */
const recordingSocket = () => {
  const sent: unknown[] = [];
  return { sent, socket: { readyState: 1 as const, OPEN: 1 as const, send: (data: unknown) => void sent.push(data), close: () => {} } };
};

describe('stream sockets', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('sends one event to every agent socket of its audience as the same bytes, encoded once', () => {
    const frames = new AgentFrames(s.container.deps);
    const supervisor = (agentId: string): Principal => ({ workspaceId: 'ws_1', role: 'supervisor', agentId, kind: 'session' }) as Principal;
    const [a, b] = [recordingSocket(), recordingSocket()];
    const other = recordingSocket();
    const members = [new AgentMember(supervisor('agt_a'), a.socket, frames), new AgentMember(supervisor('agt_b'), b.socket, frames)];
    const agent = new AgentMember({ workspaceId: 'ws_1', role: 'agent', agentId: 'agt_c', kind: 'session' } as Principal, other.socket, frames);
    const e: StreamEvent = { type: 'conversation.offered', data: { id: 'conv_1', agentId: 'agt_a' }, workspaceId: 'ws_1', agentIds: ['agt_a'], cursor: 7 };
    for (const m of [...members, agent]) m.push(e);
    expect(a.sent).toHaveLength(1);
    expect(b.sent[0]).toBe(a.sent[0]);
    expect(JSON.parse(String(a.sent[0]))).toEqual({ type: 'conversation.offered', data: { id: 'conv_1', agentId: 'agt_a' }, cursor: 7 });
    // An agent it is not addressed to gets nothing.
    expect(other.sent).toHaveLength(0);
    // The same event read again (a replay) is its own object: encoded again, to the same text.
    const replayed = { ...e, cursor: 8 };
    members[0]!.push(replayed);
    expect(a.sent[1]).not.toBe(a.sent[0]);
    expect(JSON.parse(String(a.sent[1]))).toMatchObject({ cursor: 8 });
  });

  it('keeps nothing of the upgrade request once a socket is open', async () => {
    const channelId = (await s.api('POST', '/channels', { type: 'webchat', name: 'Chat' })).body.id;
    const session = (await s.api('POST', `/webchat/${channelId}/sessions`, {})).body.sessionToken as string;
    const requests: WeakRef<object>[] = [];
    const onConnection = (_ws: unknown, req: object) => void requests.push(new WeakRef(req));
    s.app.websocketServer.on('connection', onConnection);
    const agent = await connectStream(s.url, s.adminToken);
    const visitor = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/webchat/stream?session=${session}`);
    await collectFrames(visitor).next((f) => f.type === 'hello');
    s.app.websocketServer.off('connection', onConnection);
    expect(requests).toHaveLength(2);
    await tick();
    gc();
    await tick();
    gc();
    // Before: the TCP socket kept the raw response (and its request), and an error listener the Fastify request and reply.
    expect(requests.map((r) => r.deref() === undefined)).toEqual([true, true]);
    agent.close();
    visitor.close();
  });

  it('still closes a socket on a bad frame, and it leaves its room', async () => {
    const count = () => s.container.deps.bus.socketCount();
    // The sockets of the tests before have closed on the client's side; wait until the server has seen it.
    for (let i = 0; i < 500 && (await count()) !== 0; i++) await tick();
    const before = await count();
    expect(before).toBe(0);
    const ws = new WebSocket(`${s.url.replace('http', 'ws')}/api/v1/stream?token=${s.adminToken}`);
    await collectFrames(ws).next((f) => f.type === 'hello');
    expect(await count()).toBe(1);
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    ws.on('error', () => {});
    // Over the server's maxPayload (64 KB): ws raises an error on the server's side of the socket.
    ws.send('x'.repeat(70_000));
    expect(await closed).toBeGreaterThan(1000);
    for (let i = 0; i < 50 && (await count()) !== 0; i++) await tick();
    expect(await count()).toBe(0);
  });
});
