import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.ts';
import { createChannel } from './support/flows.ts';
import { startVisitor, visitorSocket } from './support/visitor.ts';

const VISITORS = 30;

/**
 * Issue #11 finding 3: each visitor socket ran 1–2 queries for every status
 * change in its workspace, so idle sockets (sessions are free) slowed
 * everyone. The statements the server runs are counted through a Kysely
 * plugin: a status change that moves 30 queued visitors must cost far less
 * than one statement per socket (before the room index: 2 per socket).
 */
describe('web-chat visitor sockets at scale', () => {
  let s: TestServer;
  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => (statements++, args.node),
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    s = await startTestServer({ wrapDb: (db) => db.withPlugin(counter) });
  });
  afterAll(() => s.close());

  it('moves 30 queued visitors up the queue with a handful of statements, not one or two per socket', async () => {
    // A skill nobody has: the visitors stay queued.
    const channel = await createChannel(s, 'webchat', {}, { bot: false, skills: ['vip'] });
    const visitors = [];
    for (let i = 0; i < VISITORS; i++) {
      const v = await startVisitor(s, channel);
      const sent = await v.api('POST', '/webchat/messages', { text: `visitor ${i}` });
      expect(sent.body.status).toBe('waiting');
      visitors.push({ ...v, conversationId: sent.body.conversationId as string });
    }
    const sockets = await Promise.all(visitors.map((v) => visitorSocket(s, v.token)));
    await Promise.all(sockets.map((socket, i) => socket.next((f) => f.type === 'queue.position' && f.data.position === i + 1)));

    const before = statements;
    const closed = await s.api('POST', `/conversations/${visitors[0]!.conversationId}/close`, {});
    expect(closed.status).toBe(200);
    // Everyone behind the first moves up by one.
    await Promise.all(sockets.slice(1).map((socket, i) => socket.next((f) => f.type === 'queue.position' && f.data.position === i + 1)));
    const used = statements - before;
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThan(VISITORS / 2);
    for (const socket of sockets) socket.close();
  });

  it("sends a visitor only its own conversations' events", async () => {
    const channel = await createChannel(s, 'webchat', {}, { bot: false, skills: ['vip'] });
    const [a, b] = [await startVisitor(s, channel), await startVisitor(s, channel)];
    const socketB = await visitorSocket(s, b.token);
    const sentA = await a.api('POST', '/webchat/messages', { text: 'from a' });
    const sentB = await b.api('POST', '/webchat/messages', { text: 'from b' });
    await socketB.next((f) => f.type === 'message.created' && f.data.conversationId === sentB.body.conversationId);
    const foreign = socketB.frames.filter((f) => f.data?.conversationId === sentA.body.conversationId || f.data?.id === sentA.body.conversationId);
    expect(foreign).toEqual([]);
    socketB.close();
  });
});
