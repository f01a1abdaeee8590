import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyRow } from '../src/conversations/conversation-history.ts';
import { inboundBatches, type ConversationWrite, type Known } from '../src/inbound/inbound-batches.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * The direct inbound path (use-cases/inbound-direct.ts): two statements shared
 * by the requests that arrive together. Driven here on the real database.
 */
describe('direct inbound path', () => {
  let s: TestServer;
  let channelId: string;
  let seq = 0;

  beforeAll(async () => {
    s = await startTestServer();
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: true })).body.id;
  });
  afterAll(() => s.close());

  const batches = () => inboundBatches(s.container.deps.db);

  /** A contact with an open conversation (its first message goes through the transactional path). */
  async function knownContact(): Promise<Known> {
    const externalId = `direct-${++seq}`;
    const first = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text: 'hello' });
    expect(first.status).toBe(201);
    const known = await batches().read.submit({ channelId, externalId });
    expect(known?.id).toBe(first.body.conversationId);
    return known!;
  }

  function customerWrite(k: Known, text: string, externalId: string | null = null): ConversationWrite {
    const now = s.clock.now();
    const ids = s.container.deps.ids;
    return {
      conversationId: k.id,
      version: k.version,
      now,
      deadline: now + 60_000,
      messages: [{ n: 1, id: ids.next('msg'), workspace_id: k.workspace_id, channel_id: k.channel_id, sender: 'customer', text, attachments: [], external_id: externalId, delivery: null, created_at: now }],
      outbox: [],
      history: [],
    };
  }

  async function texts(conversationId: string): Promise<string[]> {
    const res = await s.api('GET', `/conversations/${conversationId}/messages`);
    return res.body.items.map((m: any) => m.text);
  }

  it('reads several contacts in one batch, each with its open conversation; an unknown one reads as nothing', async () => {
    const [a, b] = [await knownContact(), await knownContact()];
    const read = await Promise.all([
      batches().read.submit({ channelId, externalId: `direct-${seq - 1}` }),
      batches().read.submit({ channelId, externalId: 'nobody' }),
      batches().read.submit({ channelId, externalId: `direct-${seq}` }),
    ]);
    expect(read.map((k) => k?.id)).toEqual([a.id, undefined, b.id]);
    expect(read[0]!.identity_contact_id).toBe(a.contact_id);
  });

  it('stores writes for several conversations in one statement, each numbered from its own counter', async () => {
    const [a, b, c] = [await knownContact(), await knownContact(), await knownContact()];
    const stored = await Promise.all([a, b, c].map((k, i) => batches().write.submit(customerWrite(k, `together ${i}`))));
    expect(stored.map((rows) => rows?.map((r) => [r.conversation_id, r.seq]))).toEqual([
      [[a.id, 2]],
      [[b.id, 2]],
      [[c.id, 2]],
    ]);
    expect(await texts(b.id)).toEqual(['hello', 'together 1']);
  });

  it('stores nothing for a conversation whose version moved, and still stores its neighbours', async () => {
    const [a, b] = [await knownContact(), await knownContact()];
    const stale = { ...customerWrite(a, 'stale'), version: a.version + 1 };
    const [staleResult, fresh] = await Promise.all([batches().write.submit(stale), batches().write.submit(customerWrite(b, 'fresh'))]);
    expect(staleResult).toBeUndefined();
    expect(fresh?.map((r) => r.text)).toEqual(['fresh']);
    expect(await texts(a.id)).toEqual(['hello']);
  });

  it('fails only the redelivered message of a batch, on the unique index, and keeps the rest', async () => {
    const [a, b, c] = [await knownContact(), await knownContact(), await knownContact()];
    expect(await batches().write.submit(customerWrite(b, 'original', `ext-${seq}`))).toHaveLength(1);
    const results = await Promise.allSettled([
      batches().write.submit(customerWrite(a, 'a2')),
      batches().write.submit(customerWrite(b, 'again', `ext-${seq}`)),
      batches().write.submit(customerWrite(c, 'c2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: '23505', constraint: 'messages_external' });
    expect(await texts(a.id)).toEqual(['hello', 'a2']);
    expect(await texts(b.id)).toEqual(['hello', 'original']);
    expect(await texts(c.id)).toEqual(['hello', 'c2']);
  });

  it('takes one write per conversation in a batch; a second one for it declines', async () => {
    const a = await knownContact();
    const [first, second] = await Promise.all([batches().write.submit(customerWrite(a, 'one')), batches().write.submit(customerWrite(a, 'two'))]);
    expect(first?.map((r) => r.text)).toEqual(['one']);
    expect(second).toBeUndefined();
    expect(await texts(a.id)).toEqual(['hello', 'one']);
  });

  it('queues a bot answer for delivery at its own number and appends the decision to the history, with the message', async () => {
    const a = await knownContact();
    const write = customerWrite(a, 'question');
    const answerId = s.container.deps.ids.next('msg');
    write.messages.push({ ...write.messages[0]!, n: 2, id: answerId, sender: 'bot', text: 'answer', external_id: null, delivery: 'pending' });
    write.outbox.push({ id: `out_${answerId}`, message_id: answerId, n: 2, workspace_id: a.workspace_id, channel_id: a.channel_id });
    write.history.push(historyRow(write.now, a.workspace_id, a.id, 'bot_reply', 'knowledge', { actorType: 'bot', actorId: null }, { articleId: 'kb_1' }));
    const rows = await batches().write.submit(write);
    expect(rows?.map((r) => [r.sender, r.seq])).toEqual([
      ['customer', 2],
      ['bot', 3],
    ]);
    const db = s.container.deps.db;
    const outbox = await db.selectFrom('outbox').select(['message_id', 'seq', 'status']).where('conversation_id', '=', a.id).execute();
    expect(outbox).toEqual([{ message_id: answerId, seq: 3, status: 'pending' }]);
    const history = await db.selectFrom('conversation_events').select(['type', 'cause', 'data']).where('conversation_id', '=', a.id).where('type', '=', 'bot_reply').execute();
    expect(history).toEqual([{ type: 'bot_reply', cause: 'knowledge', data: { articleId: 'kb_1' } }]);
    const conv = await db.selectFrom('conversations').select(['message_count', 'bot_deadline']).where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(conv).toEqual({ message_count: 3, bot_deadline: write.deadline });
  });
});
