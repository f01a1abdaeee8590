import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveInTransaction, receiveInbound, type InboundMessage } from '../src/inbound/inbound.ts';
import type { StreamEvent } from '../src/platform/stream-event.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * New customers handed to the agents at once (inbound/new-customers.ts, decision 0034): one statement
 * shared by the arrivals of a moment instead of a transaction each. What they leave behind must be what
 * the transactional path (inbound.ts) leaves: compared here side by side on twin channels.
 */
describe('new customers in one statement', () => {
  let s: TestServer;
  let identityInserts = 0;
  let policyReads = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      const node = args.node as { kind: string; sqlFragments?: readonly string[] };
      if (node.kind === 'RawNode' && node.sqlFragments?.join('').includes('INSERT INTO contact_identities')) identityInserts++;
      if (node.kind === 'SelectQueryNode' && JSON.stringify(node).includes('"channel_policy"')) policyReads++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    s = await startTestServer({ wrapDb: (db) => db.withPlugin(counter) });
    // No agent is ready: every hand-off stays waiting, so both paths end in the same place.
  });
  afterAll(() => s.close());

  const channel = async (name: string, extra: Record<string, unknown> = {}) => {
    const id = (await s.api('POST', '/channels', { type: 'api', name, bot: false, skills: ['billing'], priority: 2, ...extra })).body.id as string;
    return s.container.deps.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  };

  /**
   * What a conversation left behind, without ids: its row, its history, its messages, and the events it
   * raised. The waiting message routing sends after the hand-off says the customer's place, which differs
   * between the twins (the second is behind the first): only its presence is compared.
   */
  async function footprint(conversationId: string, events: StreamEvent[]) {
    const db = s.container.deps.db;
    const conv = await db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
    const contact = await db.selectFrom('contacts').select(['name', 'attributes', 'last_agent_id']).where('id', '=', conv.contact_id).executeTakeFirstOrThrow();
    const identities = await db.selectFrom('contact_identities').select(['external_id']).where('contact_id', '=', conv.contact_id).execute();
    const history = await db
      .selectFrom('conversation_events')
      .select(['at', 'type', 'from_status', 'to_status', 'cause', 'actor_type', 'actor_id', 'data'])
      .where('conversation_id', '=', conversationId)
      .orderBy('id')
      .execute();
    const all = await db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).orderBy('seq').execute();
    const messages = all.filter((m) => m.sender !== 'system');
    const { id: _id, channel_id: _c, contact_id: _ct, ...row } = conv;
    const mine = events.filter((e) => e.conversationId === conversationId && (e.data as { sender?: string }).sender !== 'system');
    return {
      row,
      contact,
      identities: identities.length,
      told: all.filter((m) => m.sender === 'system').map((m) => m.text.replace(/\d+/g, 'N')),
      history: history.map((h) => ('position' in (h.data as object) ? { ...h, data: { ...(h.data as object), position: 'N' } } : h)),
      messages: messages.map(({ id: _m, channel_id: _mc, conversation_id: _cv, search, ...m }) => ({ ...m, search: String(search) })),
      events: mine.map((e) => ({ type: e.type, agentIds: e.agentIds, data: withoutIds(e.data) })),
    };
  }

  const withoutIds = (data: unknown) => {
    const { id: _i, channelId: _c, contactId: _ct, conversationId: _cv, ...rest } = data as Record<string, unknown>;
    return rest;
  };

  it('stores a new customer’s first message as the transactional path does: rows, history, message, events', async () => {
    const [fast, slow] = [await channel('fast'), await channel('slow')];
    const heard: StreamEvent[] = [];
    const stop = s.container.deps.bus.subscribe((e) => heard.push(e));
    const message = (externalId: string): InboundMessage => ({
      contact: { externalId, name: 'Mei Lin' },
      text: 'my invoice is wrong',
      externalMessageId: `${externalId}-m1`,
      attachments: [{ type: 'image', url: 'https://example.test/a.png' }],
      platformMeta: { replyToken: 'r1' },
    });
    const before = identityInserts;
    const a = await receiveInbound(s.container.deps, fast, message('mei'));
    expect(identityInserts - before).toBe(1); // the new-customer statement took it, not the transaction
    const b = await receiveInTransaction(s.container.deps, slow, message('mei'));
    stop();
    expect(a).toMatchObject({ status: 'waiting', created: true });
    expect(b).toMatchObject({ status: 'waiting', created: true });
    const [fa, fb] = [await footprint(a.conversationId, heard), await footprint(b.conversationId, heard)];
    expect(fa.events.map((e) => e.type)).toEqual(['conversation.status_changed', 'conversation.created', 'message.created', 'conversation.status_changed']);
    expect(fa.told).toEqual(['You are number N in the queue. Estimated wait: as soon as an agent is free.']);
    expect(fa).toEqual(fb);
  });

  it('hands off on the hand-off words of a channel with a bot, as the transactional path does', async () => {
    const [fast, slow] = [await channel('bot-fast', { bot: true }), await channel('bot-slow', { bot: true })];
    const words = 'agent';
    const a = await receiveInbound(s.container.deps, fast, { contact: { externalId: 'kai' }, text: words });
    const b = await receiveInTransaction(s.container.deps, slow, { contact: { externalId: 'kai' }, text: words });
    expect(a.status).toBe('waiting');
    expect(await footprint(a.conversationId, [])).toEqual(await footprint(b.conversationId, []));
  });

  it('shares one statement among new customers arriving together', async () => {
    const ch = await channel('crowd');
    const before = identityInserts;
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => receiveInbound(s.container.deps, ch, { contact: { externalId: `crowd-${i}` }, text: 'hi' })));
    expect(new Set(answers.map((a) => a.conversationId)).size).toBe(8);
    expect(answers.every((a) => a.status === 'waiting' && a.created)).toBe(true);
    expect(identityInserts - before).toBeLessThan(8);
  });

  it('opens one conversation when the same new customer writes twice at once, both messages in order', async () => {
    const ch = await channel('twice');
    const [first, second] = await Promise.all([
      receiveInbound(s.container.deps, ch, { contact: { externalId: 'ana' }, text: 'one' }),
      receiveInbound(s.container.deps, ch, { contact: { externalId: 'ana' }, text: 'two' }),
    ]);
    expect(second.conversationId).toBe(first.conversationId);
    const rows = await s.container.deps.db
      .selectFrom('messages')
      .select(['text', 'seq'])
      .where('conversation_id', '=', first.conversationId)
      .where('sender', '=', 'customer')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.text).sort()).toEqual(['one', 'two']);
    expect(rows[0]!.seq).toBe(1);
    const contacts = await s.container.deps.db.selectFrom('contact_identities').select('contact_id').where('channel_id', '=', ch.id).execute();
    expect(contacts).toHaveLength(1);
  });

  it('answers a redelivered first message with the first one, and stores it once', async () => {
    const ch = await channel('again');
    const m = { contact: { externalId: 'bo' }, text: 'hello', externalMessageId: 'wamid-1' };
    const [x, y] = await Promise.all([receiveInbound(s.container.deps, ch, m), receiveInbound(s.container.deps, ch, m)]);
    expect(y.messageId).toBe(x.messageId);
    const stored = await s.container.deps.db.selectFrom('messages').select('id').where('channel_id', '=', ch.id).where('sender', '=', 'customer').execute();
    expect(stored).toHaveLength(1);
  });

  it('keeps nothing of a new customer whose message id the channel already has from someone else', async () => {
    const ch = await channel('reused');
    const first = await receiveInbound(s.container.deps, ch, { contact: { externalId: 'one' }, text: 'a', externalMessageId: 'same' });
    // In a batch with another new customer: the statement fails as a whole, each runs again alone.
    const [again, other] = await Promise.all([
      receiveInbound(s.container.deps, ch, { contact: { externalId: 'two' }, text: 'b', externalMessageId: 'same' }),
      receiveInbound(s.container.deps, ch, { contact: { externalId: 'three' }, text: 'c', externalMessageId: 'other' }),
    ]);
    expect(again.messageId).toBe(first.messageId);
    expect(other.created).toBe(true);
    const identities = await s.container.deps.db.selectFrom('contact_identities').select('external_id').where('channel_id', '=', ch.id).orderBy('external_id').execute();
    expect(identities.map((i) => i.external_id)).toEqual(['one', 'three']);
  });

  // The channel's and workspace's hand-off policy is cached (deps.policies), forgotten when either changes.
  it('reads a channel’s hand-off policy once, and again after the channel, business hours or routing settings change', async () => {
    const ch = await channel('cached-policy');
    const arrive = async (externalId: string) => {
      const before = policyReads;
      const answer = await receiveInbound(s.container.deps, ch, { contact: { externalId }, text: 'hi' });
      expect(answer).toMatchObject({ status: 'waiting', created: true });
      const told = await s.container.deps.db.selectFrom('messages').select('text').where('conversation_id', '=', answer.conversationId).where('sender', '=', 'system').execute();
      return { reads: policyReads - before, told: told.map((m) => m.text) };
    };
    expect((await arrive('cp-1')).reads).toBe(1);
    expect((await arrive('cp-2')).reads).toBe(0);
    expect((await s.api('PATCH', `/channels/${ch.id}`, { waitingMessage: 'Hold on, you are {position}' })).status).toBe(200);
    const afterPatch = await arrive('cp-3');
    expect(afterPatch.reads).toBe(1);
    expect(afterPatch.told).toEqual([expect.stringMatching(/^Hold on, you are \d+$/)]);
    expect((await s.api('DELETE', '/settings/business-hours')).status).toBe(200);
    expect((await arrive('cp-4')).reads).toBe(1);
    expect((await s.api('PATCH', '/settings/routing', { dispatchCount: 3 })).status).toBe(200);
    expect((await arrive('cp-5')).reads).toBe(1);
    expect((await arrive('cp-6')).reads).toBe(0);
  });
});
