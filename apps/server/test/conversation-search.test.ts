import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchConversations } from '../src/conversations/conversation-search.ts';
import { backfillSearchTerms } from '../src/conversations/search-backfill.ts';
import { customerSays, freshWorkspace, newCustomer, type Workspace } from './bot-support.ts';
import { startTestServer, type TestServer } from './harness.ts';

describe('conversation lists a person can work from, and message search', () => {
  let s: TestServer;
  let w: Workspace;
  beforeAll(async () => {
    s = await startTestServer();
    w = await freshWorkspace(s, { bot: false });
  });
  afterAll(() => s.close());

  async function conversationOf(text: string, name?: string) {
    const externalId = newCustomer();
    const res = await w.api('POST', `/channels/${w.channelId}/inbound`, { contact: { externalId, ...(name && { name }) }, text });
    expect([200, 201]).toContain(res.status);
    return { id: res.body.conversationId as string, externalId };
  }

  const search = async (q: string, extra = '') => {
    const res = await w.api('GET', `/conversations?q=${encodeURIComponent(q)}${extra}`);
    expect(res.status).toBe(200);
    return res.body.items as any[];
  };

  it('finds a Chinese phrase inside a longer message, and not conversations that lack it', async () => {
    const shipping = await conversationOf('請問運費多少錢？我住在台中');
    const other = await conversationOf('我想要退貨，請問要怎麼做');
    const found = await search('運費多少');
    expect(found.map((c) => c.id)).toEqual([shipping.id]);
    expect(found[0].match.text).toContain('運費多少錢');
    expect((await search('退貨')).map((c) => c.id)).toEqual([other.id]);
    expect(await search('運送')).toEqual([]);
  });

  it('finds Japanese and English, case- and width-insensitively, the last word as a prefix', async () => {
    const ja = await conversationOf('注文をキャンセルしたいです');
    const en = await conversationOf('My ORDER has not arrived, I want a refund');
    expect((await search('キャンセル')).map((c) => c.id)).toEqual([ja.id]);
    expect((await search('order refu')).map((c) => c.id)).toEqual([en.id]);
    expect((await search('ｏｒｄｅｒ')).map((c) => c.id)).toContain(en.id);
  });

  it('searches every message of a conversation, the latest match shown', async () => {
    const c = await conversationOf('hello there');
    await customerSays(w, c.externalId, 'tracking number 9981 please');
    const found = await search('9981');
    expect(found.map((x) => x.id)).toEqual([c.id]);
    expect(found[0].match.text).toBe('tracking number 9981 please');
  });

  it('filters by contact and period, and reaches closed conversations', async () => {
    const c = await conversationOf('a question about my invoice', 'Mei Lin');
    const item = (await w.api('GET', `/conversations/${c.id}`)).body;
    expect(item.contact.displayName).toBe('Mei Lin');
    const closed = await w.api('POST', `/conversations/${c.id}/close`, {});
    expect(closed.status).toBe(200);
    expect((await search('invoice', `&contactId=${item.contactId}`)).map((x) => x.id)).toEqual([c.id]);
    expect((await search('invoice', `&contactId=someone-else`)).length).toBe(0);
    const byContact = await w.api('GET', `/conversations?contactId=${item.contactId}`);
    expect(byContact.body.items.map((x: any) => x.id)).toEqual([c.id]);
    const now = new Date(s.clock.now());
    const later = new Date(s.clock.now() + 60_000).toISOString();
    expect((await w.api('GET', `/conversations?contactId=${item.contactId}&from=${later}`)).body.items).toEqual([]);
    const inPeriod = await w.api('GET', `/conversations?contactId=${item.contactId}&from=${new Date(now.getTime() - 1000).toISOString()}&to=${later}`);
    expect(inPeriod.body.items.map((x: any) => x.id)).toEqual([c.id]);
  });

  it('lists each conversation with its contact, channel and last message', async () => {
    const named = await conversationOf('where is my parcel', 'Ken Sato');
    const anonymous = await conversationOf('hi');
    const items = (await w.api('GET', '/conversations?limit=500')).body.items as any[];
    const a = items.find((x) => x.id === named.id);
    expect(a.contact.displayName).toBe('Ken Sato');
    expect(a.channel).toMatchObject({ id: w.channelId, type: 'api' });
    expect(a.lastMessage).toMatchObject({ sender: 'customer', text: 'where is my parcel' });
    expect(a.lastCustomerMessageAt).toBe(a.lastMessage.createdAt);
    const b = items.find((x) => x.id === anonymous.id);
    expect(b.contact.name).toBeNull();
    expect(b.contact.displayName).toMatch(/^Visitor \d{4}$/);
  });

  it('pages through many matches without repeats', async () => {
    const ids = new Set<string>();
    const chatty = await conversationOf('zebra once');
    ids.add(chatty.id);
    for (let i = 0; i < 5; i++) ids.add((await conversationOf(`pagination marker zebra ${i}`)).id);
    // Matches again after the others: it must come first, and only once across the pages.
    s.clock.advance(1000);
    await customerSays(w, chatty.externalId, 'zebra twice');
    await customerSays(w, chatty.externalId, 'zebra thrice');
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5 && cursor !== null; page++) {
      const res = await w.api('GET', `/conversations?q=zebra&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((x: any) => x.id));
      cursor = res.body.nextCursor;
    }
    expect(seen[0]).toBe(chatty.id);
    expect(seen.length).toBe(ids.size);
    expect([...seen].sort()).toEqual([...ids].sort());
  });

  it('gives the same pages when the newest-first windows are tiny and the GIN index answers the rest', async () => {
    for (let i = 0; i < 4; i++) await conversationOf(`staged lookup quokka ${i}`);
    const principal = { workspaceId: w.workspaceId, role: 'admin' as const, agentId: null, kind: 'admin_token' as const };
    const walk = async (windows: number[]) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await searchConversations(s.container.deps, principal, { q: 'quokka', limit: 2, cursor }, windows);
        ids.push(...res.items.map((x) => x.id));
        cursor = res.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    const whole = await walk([1_000_000]);
    expect(whole).toHaveLength(4);
    expect(await walk([1, 1])).toEqual(whole);
    expect(await walk([])).toEqual(whole);
  });

  it('refuses a query with nothing to search for, as a 4xx', async () => {
    const res = await w.api('GET', '/conversations?q=%3F%21');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('gives terms to messages stored before search existed', async () => {
    const c = await conversationOf('legacy message about a warranty claim');
    await sql`UPDATE messages SET search = NULL WHERE conversation_id = ${c.id}`.execute(s.container.deps.db);
    expect(await search('warranty')).toEqual([]);
    expect(await backfillSearchTerms(s.container.deps)).toBeGreaterThan(0);
    expect((await search('warranty')).map((x) => x.id)).toEqual([c.id]);
    expect(await backfillSearchTerms(s.container.deps)).toBe(0);
  });
});
