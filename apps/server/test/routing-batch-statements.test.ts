import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * What a routing batch costs while it holds the workspace's lock (issue #13, decision 0024): a batch's
 * plain closes and its new customers' hand-offs are done for all at once, so the statements a batch
 * sends do not grow with the number of closes or hand-offs in it.
 */
describe('statements of one routing batch', () => {
  let s: TestServer;
  let channelId: string;
  let statements = 0;
  const counter: KyselyPlugin = { transformQuery: (args) => (statements++, args.node), transformResult: async (args) => args.result };
  beforeAll(async () => {
    s = await startTestServer({ wrapDb: (db) => db.withPlugin(counter) });
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    for (let i = 0; i < 4; i++) {
      const id = (await s.api('POST', '/agents', { name: `s${i}`, email: `s${i}@count.test`, capacity: 20 })).body.id;
      await s.api('PUT', `/agents/${id}/presence`, { presence: 'ready' });
    }
  });
  afterAll(() => s.close());

  let contact = 0;
  const ask = () => s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `count-${contact++}` }, text: 'a person please' });
  const queuedBehindTurn = () => (s.container.deps.routing.batches as unknown as { waiting: Map<string, unknown[]> }).waiting.get(s.workspaceId)?.length ?? 0;

  /** Holds the workspace's routing turn while `send` queues `n` requests behind it; the statements the batch then sends. */
  async function batchOf(n: number, send: () => Array<Promise<{ status: number }>>) {
    const { deps } = s.container;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = deps.routing.batches.run(deps, s.workspaceId, () => gate);
    const sent = send();
    for (let i = 0; i < 2000 && queuedBehindTurn() < n; i++) await new Promise((r) => setTimeout(r, 5));
    expect(queuedBehindTurn()).toBe(n);
    statements = 0;
    open();
    await held;
    const answers = await Promise.all(sent);
    for (const a of answers) expect([200, 201]).toContain(a.status);
    return statements;
  }

  const assigned = async (n: number) => {
    const out: Array<{ id: string; agentId: string }> = [];
    for (let i = 0; i < n; i++) {
      const id = (await ask()).body.conversationId as string;
      out.push({ id, agentId: (await s.api('GET', `/conversations/${id}`)).body.assigneeId });
    }
    return out;
  };
  const closes = (list: Array<{ id: string; agentId: string }>) => () => list.map((c) => s.api('POST', `/conversations/${c.id}/close`, { agentId: c.agentId }));

  it('is the same for 2 plain closes as for 8', async () => {
    const few = await batchOf(2, closes(await assigned(2)));
    const many = await batchOf(8, closes(await assigned(8)));
    expect(many).toBe(few);
  });

  // PGlite has one connection, which the held turn's transaction keeps: the inbound transactions could
  // not commit their hand-offs behind it. On PostgreSQL (`npm run test:pg`) they do, and queue.
  it.runIf(process.env.TEST_DATABASE_URL)('is the same for 2 new customers’ hand-offs as for 8', async () => {
    const few = await batchOf(2, () => [ask(), ask()]);
    const many = await batchOf(8, () => Array.from({ length: 8 }, ask));
    expect(many).toBe(few);
  });

  // A customer talking to the bot asks for a person: the hand-off is stored pending and joins the batch
  // (decision 0024), as a new customer's does. Before, each inbound transaction took the routing lock
  // itself, so none of them queued behind the held turn.
  it.runIf(process.env.TEST_DATABASE_URL)('is the same for 2 hand-offs from the bot as for 8', async () => {
    const bot = (await s.api('POST', '/channels', { type: 'api', name: 'Bot', bot: true })).body.id;
    const talking = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const externalId = `bot-${contact++}`;
        expect((await s.api('POST', `/channels/${bot}/inbound`, { contact: { externalId }, text: 'hello' })).body.status).toBe('bot');
        ids.push(externalId);
      }
      return () => ids.map((externalId) => s.api('POST', `/channels/${bot}/inbound`, { contact: { externalId }, text: 'agent' }));
    };
    const few = await batchOf(2, await talking(2));
    const many = await batchOf(8, await talking(8));
    expect(many).toBe(few);
  });

  // Nobody has the skill: each customer waits and is told its place (R12). The waiting messages cost
  // five statements each under the lock before (8 hand-offs: 30 statements more than 2).
  it.runIf(process.env.TEST_DATABASE_URL)('is the same for 2 new customers left waiting (each told its place) as for 8', async () => {
    const japanese = (await s.api('POST', '/channels', { type: 'api', name: 'JP', bot: false, skills: ['japanese'] })).body.id;
    const wait = () => s.api('POST', `/channels/${japanese}/inbound`, { contact: { externalId: `wait-${contact++}` }, text: 'a person please' });
    const few = await batchOf(2, () => [wait(), wait()]);
    const many = await batchOf(8, () => Array.from({ length: 8 }, wait));
    expect(many).toBe(few);
    const told = await s.container.deps.db.selectFrom('messages').select(['conversation_id', 'text']).where('channel_id', '=', japanese).where('sender', '=', 'system').execute();
    expect(told).toHaveLength(10);
    expect(new Set(told.map((m) => m.conversation_id)).size).toBe(10);
    expect(told.map((m) => m.text)).toContain('You are number 10 in the queue. Estimated wait: as soon as an agent is free.');
  });
});
