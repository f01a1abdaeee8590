import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerSays, freshWorkspace, historyOf, newCustomer, type Workspace } from './bot-support.ts';
import { startVisitor, visitorSocket } from './channels/support/visitor.ts';
import { startTestServer, type TestServer } from './harness.ts';

describe('contacts: list, edit, merge', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  /** A contact through the public inbound API; returns its id and its (open) conversation. */
  async function contactOn(w: Workspace, channelId: string, externalId = newCustomer(), name?: string) {
    const res = await w.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId, ...(name && { name }) }, text: 'hello' });
    expect([200, 201]).toContain(res.status);
    const conversationId = res.body.conversationId as string;
    const contactId = (await w.api('GET', `/conversations/${conversationId}`)).body.contactId as string;
    return { contactId, conversationId, externalId };
  }

  async function secondChannel(w: Workspace) {
    const res = await w.api('POST', '/channels', { type: 'api', name: 'API two', bot: true });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  function expectError(res: { status: number; body: any }, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  }

  const merge = (w: Workspace, id: string, otherId: string, token?: string) => w.api('POST', `/contacts/${id}/merge`, { contactId: otherId }, token);

  /** Two contacts, each on its own channel (so they may be merged). */
  async function onTwoChannels(w: Workspace) {
    const other = await secondChannel(w);
    return { other, a: await contactOn(w, w.channelId), b: await contactOn(w, other) };
  }

  async function loginAs(w: Workspace, role: 'agent' | 'supervisor') {
    const email = `${role}-${newCustomer()}@example.com`;
    const created = await w.api('POST', '/agents', { name: role, email, password: 'password1', role });
    expect(created.status).toBe(201);
    const login = await w.api('POST', '/auth/login', { email, password: 'password1', workspaceId: w.workspaceId }, null);
    expect(login.status).toBe(200);
    return login.body.token as string;
  }

  it('lists contacts newest first, a page at a time, each with its identities', async () => {
    const w = await freshWorkspace(s);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await contactOn(w, w.channelId));
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any } = await w.api('GET', `/contacts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    // Ids are time-ordered: newest first is descending id order, each contact exactly once.
    expect(seen.map((c) => c.id)).toEqual(
      made
        .map((m) => m.contactId)
        .sort()
        .reverse(),
    );
    const last = made.at(-1)!;
    expect(seen.find((c) => c.id === last.contactId)).toEqual({
      id: last.contactId,
      name: null,
      attributes: {},
      lastAgentId: null,
      identities: [{ channelId: w.channelId, externalId: last.externalId }],
    });
  });

  it('finds contacts by a piece of their name in any case, or by an exact externalId, optionally on one channel', async () => {
    const w = await freshWorkspace(s);
    const other = await secondChannel(w);
    const alice = await contactOn(w, w.channelId, newCustomer(), 'Alice Chen');
    const bob = await contactOn(w, other, 'U100_bob', 'Bob 50%');
    await contactOn(w, w.channelId, newCustomer(), 'Carol');
    const ids = async (query: string) => {
      const res = await w.api('GET', `/contacts?${query}`);
      expect(res.status).toBe(200);
      return res.body.items.map((c: any) => c.id);
    };
    expect(await ids('q=aLiCe')).toEqual([alice.contactId]);
    expect(await ids('q=chen')).toEqual([alice.contactId]);
    expect(await ids('q=U100_bob')).toEqual([bob.contactId]);
    expect(await ids('q=U100')).toEqual([]); // externalIds match exactly, not in part
    expect(await ids(`q=${encodeURIComponent('50%')}`)).toEqual([bob.contactId]); // % is a character, not a wildcard
    expect(await ids('q=_')).toEqual([]);
    expect(await ids(`channelId=${other}`)).toEqual([bob.contactId]);
    expect(await ids(`channelId=${w.channelId}&q=U100_bob`)).toEqual([]);
    expect(await ids('q=')).toHaveLength(3);
    expect((await w.api('GET', '/contacts?limit=0')).status).toBe(400);
  });

  it('PATCH merges attributes key by key, a null removes a key, and the name can be set or cleared', async () => {
    const w = await freshWorkspace(s);
    const { contactId } = await contactOn(w, w.channelId, newCustomer(), 'Dana');
    const first = await w.api('PATCH', `/contacts/${contactId}`, { attributes: { plan: 'gold', tier: 1, address: { city: 'Taipei' } } });
    expect(first.status).toBe(200);
    expect(first.body.attributes).toEqual({ plan: 'gold', tier: 1, address: { city: 'Taipei' } });
    const second = await w.api('PATCH', `/contacts/${contactId}`, { name: 'Dana Lee', attributes: { tier: null, address: { zip: '100' }, absent: null } });
    expect(second.body).toMatchObject({ id: contactId, name: 'Dana Lee', attributes: { plan: 'gold', address: { zip: '100' } } });
    expect(second.body.attributes).not.toHaveProperty('tier');
    const cleared = await w.api('PATCH', `/contacts/${contactId}`, { name: null });
    expect(cleared.body).toMatchObject({ name: null, attributes: { plan: 'gold' } });
    expect((await w.api('GET', `/contacts/${contactId}`)).body).toEqual(cleared.body);
  });

  it('PATCH answers bad bodies with a 4xx JSON error and changes nothing', async () => {
    const w = await freshWorkspace(s);
    const { contactId } = await contactOn(w, w.channelId);
    await w.api('PATCH', `/contacts/${contactId}`, { attributes: { kept: true } });
    const many = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i]));
    const bad: unknown[] = [
      {},
      [],
      'not json {',
      { attributes: 'plan=gold' },
      { attributes: ['gold'] },
      { attributes: null },
      { name: 5 },
      { name: '   ' },
      { attributes: { ['k'.repeat(65)]: 1 } },
      { attributes: many(101, 'k') },
      { attributes: { big: 'x'.repeat(17_000) } },
    ];
    for (const body of bad) {
      const res = await w.api('PATCH', `/contacts/${contactId}`, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toMatch(/^(VALIDATION_FAILED|MALFORMED_JSON)$/);
    }
    // Each PATCH is within bounds, but together they would not be: refused; removing is always allowed.
    expect((await w.api('PATCH', `/contacts/${contactId}`, { attributes: many(60, 'a') })).status).toBe(200);
    const grow = await w.api('PATCH', `/contacts/${contactId}`, { attributes: many(60, 'b') });
    expectError(grow, 400, 'VALIDATION_FAILED');
    expect(Object.keys((await w.api('GET', `/contacts/${contactId}`)).body.attributes)).toHaveLength(61);
    expect((await w.api('PATCH', `/contacts/${contactId}`, { attributes: { a0: null } })).status).toBe(200);
    const missing = await w.api('PATCH', '/contacts/ct_nope', { name: 'X' });
    expectError(missing, 404, 'NOT_FOUND');
  });

  it('merge moves identities, conversations and the last agent; later messages on either identity join the merged contact', async () => {
    const w = await freshWorkspace(s);
    const line = await secondChannel(w);
    const agentId = (await w.api('POST', '/agents', { name: 'Ann', email: 'ann@example.com' })).body.id;
    await w.api('PUT', `/agents/${agentId}/presence`, { presence: 'ready' });
    const a = await contactOn(w, w.channelId, 'web-1', 'Mei');
    const b = await contactOn(w, line, 'line-1', 'Mei (LINE)');
    await w.api('PATCH', `/contacts/${a.contactId}`, { attributes: { plan: 'gold', city: 'Taipei' } });
    await w.api('PATCH', `/contacts/${b.contactId}`, { attributes: { plan: 'free', lineUser: 'U1' } });
    expect((await w.api('POST', `/conversations/${b.conversationId}/handoff`)).body).toMatchObject({ status: 'processing', assigneeId: agentId });

    const merged = await merge(w, a.contactId, b.contactId);
    expect(merged.status).toBe(200);
    expect(merged.body).toEqual({
      id: a.contactId,
      name: 'Mei',
      attributes: { plan: 'gold', city: 'Taipei', lineUser: 'U1' },
      lastAgentId: agentId,
      identities: expect.arrayContaining([
        { channelId: w.channelId, externalId: 'web-1' },
        { channelId: line, externalId: 'line-1' },
      ]),
    });
    expect(merged.body.identities).toHaveLength(2);
    expect((await w.api('GET', `/contacts/${b.contactId}`)).status).toBe(404);
    const moved = await w.api('GET', `/conversations/${b.conversationId}`);
    expect(moved.body).toMatchObject({ contactId: a.contactId, status: 'processing', assigneeId: agentId });
    expect(await historyOf(w.api, b.conversationId, 'contact_merged')).toMatchObject([
      { cause: 'contact_merge', actor: { type: 'admin' }, data: { fromContactId: b.contactId, toContactId: a.contactId } },
    ]);

    // The LINE identity's next message joins its (moved) open conversation; the web one's joins its own.
    expect((await customerSays(w, 'line-1', 'still there?', line)).conversationId).toBe(b.conversationId);
    expect((await customerSays(w, 'web-1', 'hi again')).conversationId).toBe(a.conversationId);
    // Once closed, a new message opens a new conversation, and it belongs to the merged contact.
    await w.api('POST', `/conversations/${b.conversationId}/close`, { agentId });
    const fresh = await customerSays(w, 'line-1', 'new question', line);
    expect(fresh.conversationId).not.toBe(b.conversationId);
    expect((await w.api('GET', `/conversations/${fresh.conversationId}`)).body.contactId).toBe(a.contactId);
    const list = await w.api('GET', '/contacts');
    expect(list.body.items.map((c: any) => c.id)).toEqual([a.contactId]);
  });

  it('a web-chat visitor merged into another contact keeps their session, and their messages join the merged contact', async () => {
    const w = await freshWorkspace(s);
    const web = (await w.api('POST', '/channels', { type: 'webchat', name: 'Web', bot: true })).body.id as string;
    const a = await contactOn(w, w.channelId, newCustomer(), 'Ken');
    const visitor = await startVisitor(s, web, 'Visitor');
    const first = await visitor.api('POST', '/webchat/messages', { text: 'hello from the site' });
    expect((await merge(w, a.contactId, visitor.contactId)).status).toBe(200);
    const state = await visitor.api('GET', '/webchat/session');
    expect(state.body).toMatchObject({ contactId: a.contactId, conversation: { id: first.body.conversationId } });
    const next = await visitor.api('POST', '/webchat/messages', { text: 'me again' });
    expect(next.body.conversationId).toBe(first.body.conversationId);
    expect((await w.api('GET', `/conversations/${next.body.conversationId}`)).body.contactId).toBe(a.contactId);
  });

  it('an open visitor stream follows the merge: the merged contact’s web conversation reaches it, its other channels’ do not', async () => {
    const w = await freshWorkspace(s);
    const web = (await w.api('POST', '/channels', { type: 'webchat', name: 'Web', bot: true })).body.id as string;
    const visitor = await startVisitor(s, web, 'Visitor');
    const socket = await visitorSocket(s, visitor.token);
    try {
      const a = await contactOn(w, w.channelId, newCustomer(), 'Ken');
      expect((await merge(w, a.contactId, visitor.contactId)).status).toBe(200);
      // The visitor's first message opens a conversation of the merged contact on the web channel.
      const sent = await visitor.api('POST', '/webchat/messages', { text: 'after the merge' });
      await socket.next((f) => f.type === 'conversation.created' && f.data.id === sent.body.conversationId);
      await socket.next((f) => f.type === 'message.created' && f.data.text === 'after the merge');
      // The same person on the API channel: stored, but not shown on the web page.
      await w.api('POST', `/channels/${w.channelId}/inbound`, { contact: { externalId: a.externalId }, text: 'from the other channel' });
      await visitor.api('POST', '/webchat/messages', { text: 'marker' });
      await socket.next((f) => f.type === 'message.created' && f.data.text === 'marker');
      expect(socket.frames.filter((f) => f.data?.conversationId === a.conversationId || f.data?.id === a.conversationId)).toEqual([]);
    } finally {
      socket.close();
    }
  });

  // Needs two connections: on PGlite transactions run one at a time and the race cannot happen.
  it.runIf(process.env.TEST_DATABASE_URL)('a message whose contact is merged away while it is stored lands on the merged contact (no 500)', async () => {
    const w = await freshWorkspace(s);
    const other = await secondChannel(w);
    const a = await contactOn(w, w.channelId);
    const b = await contactOn(w, other);
    await w.api('POST', `/conversations/${b.conversationId}/close`);
    const db = s.container.deps.db;
    let pending: Promise<{ status: number; body: any }> | undefined;
    // A merge by hand, held open while the message for b arrives and waits on b's row.
    await db.transaction().execute(async (trx) => {
      await trx.selectFrom('contacts').select('id').where('id', 'in', [a.contactId, b.contactId]).orderBy('id').forUpdate().execute();
      pending = w.api('POST', `/channels/${other}/inbound`, { contact: { externalId: b.externalId }, text: 'during the merge' });
      for (let i = 0; i < 200; i++) {
        const waiting = await db
          .selectFrom('pg_stat_activity' as never)
          .select(sql<number>`count(*)`.as('n'))
          .where(sql<boolean>`wait_event_type = 'Lock' AND query LIKE 'insert into "conversations"%'`)
          .executeTakeFirstOrThrow();
        if (Number((waiting as { n: number }).n) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await trx.updateTable('conversations').set({ contact_id: a.contactId }).where('contact_id', '=', b.contactId).execute();
      await trx.updateTable('contact_identities').set({ contact_id: a.contactId }).where('contact_id', '=', b.contactId).execute();
      await trx.deleteFrom('contacts').where('id', '=', b.contactId).execute();
    });
    const res = await pending!;
    expect(res.status).toBe(201);
    expect((await w.api('GET', `/conversations/${res.body.conversationId}`)).body.contactId).toBe(a.contactId);
  });

  it('merge is refused with 409 when both have an open conversation on the same channel, and nothing changes', async () => {
    const w = await freshWorkspace(s);
    const a = await contactOn(w, w.channelId);
    const b = await contactOn(w, w.channelId);
    const res = await merge(w, a.contactId, b.contactId);
    expectError(res, 409, 'CONFLICT');
    expect(res.body.error.message).toContain(w.channelId);
    for (const c of [a, b]) {
      expect((await w.api('GET', `/conversations/${c.conversationId}`)).body).toMatchObject({ contactId: c.contactId, status: 'bot' });
      expect((await w.api('GET', `/contacts/${c.contactId}`)).body.identities).toEqual([{ channelId: w.channelId, externalId: c.externalId }]);
      expect(await historyOf(w.api, c.conversationId, 'contact_merged')).toEqual([]);
    }
    // Closing one of them is the way out.
    await w.api('POST', `/conversations/${b.conversationId}/close`);
    expect((await merge(w, a.contactId, b.contactId)).status).toBe(200);
  });

  it('merging a contact into itself is 400; an unknown or another workspace’s contact is 404', async () => {
    const w = await freshWorkspace(s);
    const elsewhere = await freshWorkspace(s);
    const a = await contactOn(w, w.channelId);
    const foreign = await contactOn(elsewhere, elsewhere.channelId);
    const self = await merge(w, a.contactId, a.contactId);
    expectError(self, 400, 'VALIDATION_FAILED');
    for (const [target, other] of [
      [a.contactId, foreign.contactId],
      [foreign.contactId, a.contactId],
      [a.contactId, 'ct_unknown'],
    ]) {
      expectError(await merge(w, target, other), 404, 'NOT_FOUND');
    }
    expect((await w.api('GET', `/contacts/${foreign.contactId}`)).status).toBe(404);
    expect((await w.api('PATCH', `/contacts/${foreign.contactId}`, { name: 'X' })).status).toBe(404);
    expect((await w.api('GET', '/contacts')).body.items.map((c: any) => c.id)).toEqual([a.contactId]);
    expect((await elsewhere.api('GET', `/contacts/${foreign.contactId}`)).body.identities).toHaveLength(1);
    expect((await w.api('POST', `/contacts/${a.contactId}/merge`, { id: 'x' })).status).toBe(400);
  });

  it('two opposite merges at once: one wins, the other finds its contact gone', async () => {
    const w = await freshWorkspace(s);
    const { a, b } = await onTwoChannels(w);
    const [ab, ba] = await Promise.all([merge(w, a.contactId, b.contactId), merge(w, b.contactId, a.contactId)]);
    expect([ab.status, ba.status].sort()).toEqual([200, 404]);
    const list = await w.api('GET', '/contacts');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].identities).toHaveLength(2);
  });

  it('agents may read contacts; only supervisors and admins may edit or merge them', async () => {
    const w = await freshWorkspace(s);
    const { a, b } = await onTwoChannels(w);
    const agent = await loginAs(w, 'agent');
    expect((await w.api('GET', '/contacts', undefined, agent)).status).toBe(200);
    expect((await w.api('GET', `/contacts/${a.contactId}`, undefined, agent)).status).toBe(200);
    const patch = await w.api('PATCH', `/contacts/${a.contactId}`, { name: 'X' }, agent);
    expectError(patch, 403, 'FORBIDDEN');
    expect((await merge(w, a.contactId, b.contactId, agent)).status).toBe(403);
    expect((await w.api('GET', `/contacts/${b.contactId}`)).status).toBe(200);
    const supervisor = await loginAs(w, 'supervisor');
    expect((await w.api('PATCH', `/contacts/${a.contactId}`, { name: 'X' }, supervisor)).status).toBe(200);
    expect((await merge(w, a.contactId, b.contactId, supervisor)).status).toBe(200);
  });

  it('publishes the contact endpoints and their schemas in the OpenAPI document', async () => {
    const doc = await (await fetch(`${s.url}/api/v1/openapi.json`)).json();
    expect(Object.keys(doc.paths['/api/v1/contacts'])).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/v1/contacts/{id}']).sort()).toEqual(['get', 'patch']);
    expect(doc.paths['/api/v1/contacts/{id}/merge'].post.requestBody).toBeDefined();
  });
});
