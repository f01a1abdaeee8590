import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

describe('inbound messages', () => {
  let s: TestServer;
  let channelId: string;

  beforeAll(async () => {
    s = await startTestServer();
    const res = await s.api('POST', '/channels', { type: 'api', name: 'API', bot: true });
    expect(res.status).toBe(201);
    channelId = res.body.id;
  });
  afterAll(() => s.close());

  it('opens a conversation in bot on the first message and joins later ones to it', async () => {
    const first = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'u-1', name: 'Una' }, text: 'hello' });
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('bot');
    const second = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'u-1' }, text: 'anyone?' });
    expect(second.status).toBe(200);
    expect(second.body.conversationId).toBe(first.body.conversationId);
    const messages = await s.api('GET', `/conversations/${first.body.conversationId}/messages`);
    expect(messages.body.items.map((m: any) => [m.sender, m.text])).toEqual([
      ['customer', 'hello'],
      ['customer', 'anyone?'],
    ]);
  });

  it('stores a repeated externalMessageId once and returns the first result', async () => {
    const body = { contact: { externalId: 'u-2' }, text: 'once', externalMessageId: 'ext-42' };
    const a = await s.api('POST', `/channels/${channelId}/inbound`, body);
    const b = await s.api('POST', `/channels/${channelId}/inbound`, { ...body, text: 'changed text' });
    expect(b.status).toBe(200);
    expect(b.body.messageId).toBe(a.body.messageId);
    expect(b.body.conversationId).toBe(a.body.conversationId);
    const messages = await s.api('GET', `/conversations/${a.body.conversationId}/messages`);
    expect(messages.body.items).toHaveLength(1);
    expect(messages.body.items[0].text).toBe('once');
  });

  it('stores concurrent redeliveries of one message exactly once', async () => {
    const body = { contact: { externalId: 'u-3' }, text: 'racing', externalMessageId: 'ext-race' };
    const results = await Promise.all(Array.from({ length: 20 }, () => s.api('POST', `/channels/${channelId}/inbound`, body)));
    expect(results.every((r) => r.status === 200 || r.status === 201)).toBe(true);
    expect(new Set(results.map((r) => r.body.messageId)).size).toBe(1);
    const messages = await s.api('GET', `/conversations/${results[0]!.body.conversationId}/messages`);
    expect(messages.body.items).toHaveLength(1);
  });

  it('keeps messages in order within a conversation under concurrent delivery', async () => {
    const sends = Array.from({ length: 30 }, (_, i) =>
      s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'u-4' }, text: `m${i}`, externalMessageId: `order-${i}` }),
    );
    const results = await Promise.all(sends);
    const conversationId = results[0]!.body.conversationId;
    expect(new Set(results.map((r) => r.body.conversationId))).toEqual(new Set([conversationId]));
    const messages = await s.api('GET', `/conversations/${conversationId}/messages`);
    expect(messages.body.items).toHaveLength(30);
    const created = messages.body.items.map((m: any) => m.id);
    expect(new Set(created).size).toBe(30);
  });

  it('opens a new conversation after the previous one completed', async () => {
    const first = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'u-5' }, text: 'hi' });
    const closed = await s.api('POST', `/conversations/${first.body.conversationId}/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('completed');
    const again = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'u-5' }, text: 'me again' });
    expect(again.status).toBe(201);
    expect(again.body.conversationId).not.toBe(first.body.conversationId);
    const contactIds = await Promise.all([first, again].map((r) => s.api('GET', `/conversations/${r.body.conversationId}`)));
    expect(contactIds[0]!.body.contactId).toBe(contactIds[1]!.body.contactId);
  });

  it('records every status change in the conversation history', async () => {
    const first = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'u-6' }, text: 'hi' });
    await s.api('POST', `/conversations/${first.body.conversationId}/close`, { reason: 'spam' });
    const history = await s.api('GET', `/conversations/${first.body.conversationId}/events`);
    const changes = history.body.items.filter((e: any) => e.type === 'status_changed').map((e: any) => [e.from, e.to, e.cause, e.actor.type]);
    expect(changes).toEqual([
      [null, 'bot', 'customer_message', 'customer'],
      ['bot', 'completed', 'spam', 'admin'],
    ]);
  });

  it('lists conversations filtered by channel and status, paginated', async () => {
    for (let i = 0; i < 5; i++) await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `page-${i}` }, text: 'x' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/conversations?status=bot&channelId=${channelId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await s.api('GET', q);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      for (const item of page.body.items) {
        expect(item.status).toBe('bot');
        seen.push(item.id);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await s.api('GET', `/conversations?status=bot&limit=500`);
    expect(seen).toEqual(all.body.items.map((c: any) => c.id));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('counts conversations by status in one call', async () => {
    const before = (await s.api('GET', '/conversations/counts')).body;
    await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'count-1' }, text: 'x' });
    const done = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'count-2' }, text: 'x' });
    await s.api('POST', `/conversations/${done.body.conversationId}/close`, {});
    const after = (await s.api('GET', '/conversations/counts')).body;
    expect(after).toEqual({ ...before, bot: before.bot + 1, completedLast24h: before.completedLast24h + 1 });
  });
});
