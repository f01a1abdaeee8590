import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Re2PatternEngine } from '../src/bot/re2-patterns.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { botLines, customerSays, freshWorkspace, historyOf, newCustomer, statusOf, transcript, type Workspace } from './bot-support.ts';

let s: TestServer;
let w: Workspace;

const rule = async (body: Record<string, unknown>) => {
  const res = await w.api('POST', '/bot/keywords', body);
  expect(res.status).toBe(201);
  return res.body;
};

describe('keyword rules and handoff keywords', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    w = await freshWorkspace(s);
  });
  afterAll(() => s.close());

  it('answers exact, contains and regex rules on normalised text, and records which rule fired', async () => {
    const exact = await rule({ match: 'exact', pattern: 'Opening hours', reply: 'We open at 9.' });
    await rule({ match: 'contains', pattern: '退貨', reply: '退貨請見會員中心。' });
    await rule({ match: 'regex', pattern: '^track (?:my )?parcel \\d+$', reply: 'Tracking it.' });
    const c = newCustomer();
    const first = await customerSays(w, c, '  ＯＰＥＮＩＮＧ　ＨＯＵＲＳ！ ');
    expect(first.status).toBe('bot');
    await customerSays(w, c, '我想要退貨可以嗎');
    await customerSays(w, c, 'Track my parcel 123');
    await customerSays(w, c, 'opening hours please');
    const lines = await botLines(w.api, first.conversationId);
    expect(lines.slice(0, 3)).toEqual(['We open at 9.', '退貨請見會員中心。', 'Tracking it.']);
    expect(lines[3]).toMatch(/Type "agent" to talk to a person/);
    const decisions = await historyOf(w.api, first.conversationId, 'bot_reply');
    expect(decisions[0]).toMatchObject({ cause: 'keyword_rule', actor: { type: 'bot' }, data: { ruleId: exact.id } });
    expect(decisions[3]).toMatchObject({ cause: 'fallback' });
  });

  it('tries a channel’s own rules before the workspace’s, each in position order', async () => {
    await rule({ match: 'contains', pattern: 'price', reply: 'workspace price' });
    await rule({ match: 'contains', pattern: 'price', reply: 'channel price (second)', channelId: w.channelId });
    const top = await rule({ match: 'contains', pattern: 'price', reply: 'channel price (first)', channelId: w.channelId, position: 0 });
    const other = (await w.api('POST', '/channels', { type: 'api', name: 'Other' })).body.id;
    const a = await customerSays(w, newCustomer(), 'what is the price?');
    const b = await customerSays(w, newCustomer(), 'what is the price?', other);
    expect(await botLines(w.api, a.conversationId)).toEqual(['channel price (first)']);
    expect(await botLines(w.api, b.conversationId)).toEqual(['workspace price']);
    const list = (await w.api('GET', `/bot/keywords?channelId=${w.channelId}`)).body.items;
    expect(list.map((r: any) => r.reply)).toEqual(['channel price (first)', 'channel price (second)', 'workspace price']);

    expect((await w.api('PATCH', `/bot/keywords/${top.id}`, { position: 5 })).body.position).toBe(1);
    expect((await w.api('DELETE', `/bot/keywords/${list[1].id}`)).status).toBe(204);
    const after = (await w.api('GET', `/bot/keywords?channelId=${w.channelId}`)).body.items;
    expect(after.map((r: any) => [r.reply, r.position])).toEqual([
      ['channel price (first)', 0],
      ['workspace price', 0],
    ]);
    const c = await customerSays(w, newCustomer(), 'price');
    expect(await botLines(w.api, c.conversationId)).toEqual(['channel price (first)']);
  });

  it('refuses regexes RE2 cannot express, invalid regexes and rules without reply or action with 400 naming the problem', async () => {
    const lookahead = await w.api('POST', '/bot/keywords', { match: 'regex', pattern: '^refund(?!ed)', reply: 'x' });
    expect(lookahead.status).toBe(400);
    expect(lookahead.body.error.code).toBe('VALIDATION_FAILED');
    expect(lookahead.body.error.message).toMatch(/lookahead .* not supported: patterns run on a linear-time engine/);
    const broken = await w.api('POST', '/bot/keywords', { match: 'regex', pattern: '[', reply: 'x' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/invalid/i);
    const empty = await w.api('POST', '/bot/keywords', { match: 'exact', pattern: 'hello' });
    expect(empty.body.error.message).toMatch(/reply, an action or both/);
    const noScript = await w.api('POST', '/bot/keywords', { match: 'exact', pattern: 'go', action: { type: 'start_script', scriptId: 'nope' } });
    expect(noScript.body.error.message).toMatch(/no script nope/);
    const ok = await rule({ match: 'exact', pattern: 'x', reply: 'y' });
    const patch = await w.api('PATCH', `/bot/keywords/${ok.id}`, { match: 'regex', pattern: '(\\w)\\1' });
    expect(patch.status).toBe(400);
    expect(patch.body.error.message).toMatch(/backreferences/);
    expect((await w.api('GET', `/bot/keywords/${ok.id}`)).body.match).toBe('exact');
  });

  it('accepts the audit’s catastrophic pattern and answers the hostile message on the RE2 engine (issue #11)', async () => {
    expect(s.container.deps.patterns).toBeInstanceOf(Re2PatternEngine);
    expect(s.container.deps.patterns.guarantee).toBe('linear-time');
    // a{0,30} 70 times then $: 491 characters, under the 500 cap; hours per message on a backtracking engine.
    await rule({ match: 'regex', pattern: `${'a{0,30}'.repeat(70)}$`, reply: 'matched in linear time' });
    const c = await customerSays(w, newCustomer(), `${'a'.repeat(199)}!`);
    expect(await botLines(w.api, c.conversationId)).toEqual(['matched in linear time']);
  });

  it('hands off on ＡＧＥＮＴ (full width) and on a channel’s own handoff keywords, as the first message too', async () => {
    const first = await customerSays(w, newCustomer(), 'ＡＧＥＮＴ');
    expect(first.status).toBe('waiting');
    const later = newCustomer();
    await customerSays(w, later, 'hello');
    expect((await customerSays(w, later, '「人工」')).status).toBe('waiting');
    await w.api('PATCH', `/channels/${w.channelId}`, { handoffKeywords: ['operator'] });
    const custom = newCustomer();
    expect((await customerSays(w, custom, 'agent')).status).toBe('bot');
    expect((await customerSays(w, custom, 'Operator!')).status).toBe('waiting');
    const changes = (await historyOf(w.api, first.conversationId, 'status_changed')).map((e) => `${e.from}→${e.to}:${e.cause}`);
    expect(changes).toEqual(['null→bot:customer_message', 'bot→waiting:handoff_keyword']);
  });

  it('runs rule actions: handoff with skills and priority, close, and a reply before each', async () => {
    await rule({ match: 'contains', pattern: '發票', reply: '為您轉接帳務專員。', action: { type: 'handoff', skills: ['Billing'], priority: 50 } });
    await rule({ match: 'exact', pattern: 'bye', reply: 'Goodbye!', action: { type: 'close' } });
    const billing = await customerSays(w, newCustomer(), '我要開發票');
    expect(billing.status).toBe('waiting');
    const conv = (await w.api('GET', `/conversations/${billing.conversationId}`)).body;
    expect(conv).toMatchObject({ skills: ['billing'], priority: 50 });
    expect(await transcript(w.api, billing.conversationId)).toEqual(['customer: 我要開發票', 'bot: 為您轉接帳務專員。', 'system: You are number 1 in the queue. Estimated wait: as soon as an agent is free.']);
    const bye = await customerSays(w, newCustomer(), 'BYE');
    expect(bye.status).toBe('completed');
    expect((await w.api('GET', `/conversations/${bye.conversationId}`)).body.closeReason).toBe('keyword_close');
  });

  it('R7: says nothing while waiting or with an agent; a return-to-bot keyword takes it back to the bot', async () => {
    await rule({ match: 'contains', pattern: 'price', reply: 'It costs 5.' });
    await w.api('PATCH', `/channels/${w.channelId}`, { returnKeywords: ['離開'] });
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'agent');
    expect((await customerSays(w, c, 'price?')).status).toBe('waiting');
    expect((await customerSays(w, c, 'agent')).status).toBe('waiting');
    expect(await botLines(w.api, conversationId)).toEqual([]);
    const agent = (await w.api('POST', '/agents', { name: 'Ann', email: `ann-${c}@example.com` })).body.id;
    await w.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    expect(await statusOf(w.api, conversationId)).toBe('processing');
    expect((await customerSays(w, c, 'price?')).status).toBe('processing');
    expect(await botLines(w.api, conversationId)).toEqual([]);
    expect((await customerSays(w, c, '離開')).status).toBe('bot');
    await customerSays(w, c, 'price?');
    expect(await botLines(w.api, conversationId)).toEqual(['It costs 5.']);
  });

  it('answers without taking the workspace routing lock; only a message that routes takes it', async () => {
    await rule({ match: 'contains', pattern: 'price', reply: 'It costs 5.' });
    const routingVersion = async () =>
      Number((await s.container.deps.db.selectFrom('workspaces').select('routing_version').where('id', '=', w.workspaceId).executeTakeFirstOrThrow()).routing_version);
    const c = newCustomer();
    const before = await routingVersion();
    await customerSays(w, c, 'price?');
    await customerSays(w, c, 'what is the price');
    expect(await routingVersion()).toBe(before);
    await customerSays(w, c, 'agent');
    expect(await routingVersion()).toBe(before + 1);
  });

  it('with the bot off, any message goes straight to routing', async () => {
    await rule({ match: 'contains', pattern: 'price', reply: 'It costs 5.' });
    const off = (await w.api('POST', '/channels', { type: 'api', name: 'No bot', bot: false })).body.id;
    const res = await customerSays(w, newCustomer(), 'price?', off);
    expect(res.status).toBe('waiting');
    expect(await botLines(w.api, res.conversationId)).toEqual([]);
  });

  it('stays silent with neither rules nor articles, so a fresh workspace is a plain inbox', async () => {
    const res = await customerSays(w, newCustomer(), 'hello?');
    expect(res.status).toBe('bot');
    expect(await botLines(w.api, res.conversationId)).toEqual([]);
  });

  it('only an admin edits rules', async () => {
    const email = `agent-${newCustomer()}@example.com`;
    await w.api('POST', '/agents', { name: 'Agent', email, password: 'password123' });
    const login = await w.api('POST', '/auth/login', { email, password: 'password123' }, null);
    const res = await w.api('POST', '/bot/keywords', { match: 'exact', pattern: 'x', reply: 'y' }, login.body.token);
    expect(res.status).toBe(403);
  });
});
