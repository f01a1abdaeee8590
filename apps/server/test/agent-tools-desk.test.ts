import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { runDueWrapUps } from '../src/agent-tools/wrap-up.ts';
import { connectStream, makeApi, startTestServer, type TestServer } from './harness.ts';
import { startVisitor, visitorSocket } from './channels/support/visitor.ts';
import { apiChannel, customerWrites, history, ready, staff } from './agent-tools/support.ts';

/** Canned responses, collision and wrap-up (issue #15). */
let s: TestServer;
let w: TestServer;

describe('agent desk tools', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    const token = `ws_${randomBytes(8).toString('hex')}`;
    await ensureAdminWorkspace(s.container.deps, token);
    w = { ...s, adminToken: token, api: makeApi(s.url, token) };
  });
  afterAll(() => s.close());

  describe('canned responses', () => {
    it('keeps workspace-wide and personal ones apart, with unique shortcuts', async () => {
      const mei = await staff(w, 'Mei');
      const ken = await staff(w, 'Ken');
      expect(
        (await w.api('POST', '/canned-responses', { shortcut: 'hi', text: 'Hello {{contact.name}}!', folder: 'Greetings', tags: ['opening'] })).status,
      ).toBe(201);
      expect((await w.api('POST', '/canned-responses', { shortcut: 'hi', text: 'again' })).status).toBe(409);
      expect((await w.api('POST', '/canned-responses', { shortcut: 'hi', text: '您好 {{contact.name}}！', language: 'zh-TW' })).status).toBe(201);
      expect((await mei.api('POST', '/canned-responses', { shortcut: 'team', text: 'workspace-wide' })).status).toBe(403);
      expect((await mei.api('POST', '/canned-responses', { shortcut: 'mine', text: 'Mei’s own', personal: true })).status).toBe(201);
      expect((await mei.api('POST', '/canned-responses', { shortcut: 'two words', text: 'x', personal: true })).status).toBe(400);
      const meis = await mei.api('GET', '/canned-responses');
      expect(meis.body.items.map((c: any) => c.shortcut).sort()).toEqual(['hi', 'hi', 'mine']);
      const kens = await ken.api('GET', '/canned-responses');
      expect(kens.body.items.map((c: any) => c.shortcut)).toEqual(['hi', 'hi']);
    });

    it('finds by shortcut, text, folder or tag, Chinese and Japanese included', async () => {
      await w.api('POST', '/canned-responses', { shortcut: 'refund', text: '退款將於 {{?天數}} 個工作天內退回您的帳戶。', folder: '帳務' });
      await w.api('POST', '/canned-responses', { shortcut: 'ship', text: 'ご注文は本日発送いたします。', tags: ['配送'] });
      await w.api('POST', '/canned-responses', { shortcut: 'bye', text: 'Thanks for chatting!' });
      const find = async (q: string) => (await w.api('GET', `/canned-responses?q=${encodeURIComponent(q)}`)).body.items.map((c: any) => c.shortcut);
      expect(await find('工作天')).toEqual(['refund']);
      expect(await find('帳務')).toEqual(['refund']);
      expect(await find('発送')).toEqual(['ship']);
      expect(await find('配送')).toEqual(['ship']);
      expect(await find('/re')).toEqual(['refund']);
      expect(await find('CHATTING')).toEqual(['bye']);
      expect(await find('%')).toEqual([]);
    });

    it('renders placeholders for the conversation, asks for the prompts, and counts each use', async () => {
      const mei = await staff(w, 'Mei');
      await ready(w, mei.id);
      const channel = await apiChannel(w);
      const { conversationId } = await customerWrites(w, channel, 'c1', 'where is my refund');
      const contactId = (await w.api('GET', `/conversations/${conversationId}`)).body.contactId;
      await w.api('PATCH', `/contacts/${contactId}`, { attributes: { plan: 'Gold' } });
      const canned = (
        await w.api('POST', '/canned-responses', {
          shortcut: 'refund',
          text: 'Hi {{contact.name}} ({{contact.plan}}), {{agent.name}} here: refund in {{?Days}} days.',
        })
      ).body;
      expect(canned.prompts).toEqual(['Days']);
      const asked = await mei.api('POST', `/canned-responses/${canned.id}/render`, { conversationId });
      expect(asked.body.missing).toEqual(['Days']);
      const filled = await mei.api('POST', `/canned-responses/${canned.id}/render`, { conversationId, answers: { Days: '3' } });
      expect(filled.body).toMatchObject({ text: 'Hi Wang Xiaoming (Gold), Mei here: refund in 3 days.', missing: [] });
      expect((await mei.api('POST', `/conversations/${conversationId}/messages`, { text: filled.body.text, cannedResponseId: canned.id })).status).toBe(201);
      const after = (await mei.api('GET', '/canned-responses?q=refund')).body.items[0];
      expect(after).toMatchObject({ usageCount: 1, lastUsedAt: expect.any(String) });
    });
  });

  describe('collision', () => {
    it('tells other agents who is viewing or typing, never the visitor; only the assignee replies', async () => {
      const mei = await staff(w, 'Mei');
      const ken = await staff(w, 'Ken');
      const sam = await staff(w, 'Sam', 'supervisor');
      await ready(w, mei.id);
      const web = (await w.api('POST', '/channels', { type: 'webchat', name: 'Web', bot: false })).body.id;
      const visitor = await startVisitor(w, web, 'Lin');
      const socket = await visitorSocket(w, visitor.token);
      const conv = (await visitor.api('POST', '/webchat/messages', { text: 'hello' })).body.conversationId as string;
      const meiStream = await connectStream(s.url, mei.token);
      expect((await sam.api('POST', `/conversations/${conv}/viewing`, { state: 'viewing' })).status).toBe(204);
      expect((await sam.api('POST', `/conversations/${conv}/viewing`, { state: 'typing' })).status).toBe(204);
      const seen = await meiStream.next((f) => f.type === 'conversation.viewing' && f.data.state === 'typing');
      expect(seen.data).toMatchObject({ conversationId: conv, agentId: sam.id, name: 'Sam' });
      expect((await sam.api('POST', `/conversations/${conv}/viewing`, { state: 'peeking' })).status).toBe(400);
      // Ken may not read Mei's conversation in this workspace, so he cannot say he views it either.
      expect((await ken.api('POST', `/conversations/${conv}/viewing`, { state: 'viewing' })).status).toBe(403);

      expect((await ken.api('POST', `/conversations/${conv}/messages`, { text: 'me too' })).status).toBe(403);
      const supervisor = await sam.api('POST', `/conversations/${conv}/messages`, { text: 'let me' });
      expect(supervisor.status).toBe(409);
      expect(supervisor.body.error.code).toBe('NOT_ASSIGNEE');
      expect((await sam.api('POST', `/conversations/${conv}/messages`, { text: 'for Mei', agentId: mei.id })).status).toBe(201);
      expect((await sam.api('POST', `/conversations/${conv}/messages`, { text: 'see the order', private: true })).status).toBe(201);
      expect((await sam.api('POST', `/conversations/${conv}/transfer`, { agentId: sam.id, note: 'taking over' })).status).toBe(200);
      expect((await sam.api('POST', `/conversations/${conv}/messages`, { text: 'Sam here now' })).status).toBe(201);
      await socket.next((f) => f.type === 'message.created' && f.data.text === 'Sam here now');
      expect(socket.frames.some((f) => f.type === 'conversation.viewing')).toBe(false);
      expect((await history(w, conv)).find((e) => e.type === 'transferred')).toMatchObject({ data: { note: 'taking over', toAgentId: sam.id } });
      socket.close();
      meiStream.close();
    });
  });

  describe('wrap-up', () => {
    it('keeps the seat counted after close until the deadline, then routes the next customer to it', async () => {
      const mei = await staff(w, 'Mei', 'agent', 1);
      await ready(w, mei.id);
      expect((await w.api('PATCH', '/settings/agent-tools', { wrapUpSeconds: 60 })).body).toEqual({ wrapUpSeconds: 60, tagsRequiredAtClose: false });
      const channel = await apiChannel(w);
      const first = (await customerWrites(w, channel, 'c1', 'one')).conversationId;
      const second = (await customerWrites(w, channel, 'c2', 'two')).conversationId;
      expect((await w.api('GET', `/conversations/${second}`)).body.status).toBe('waiting');
      const closed = await mei.api('POST', `/conversations/${first}/close`, {});
      expect(closed.body).toMatchObject({ status: 'completed', wrapUpUntil: new Date(s.clock.now() + 60_000).toISOString() });
      expect((await w.api('GET', `/conversations/${second}`)).body.status).toBe('waiting');

      s.clock.advance(30_000);
      await runDueWrapUps(s.container.deps);
      expect((await w.api('GET', `/conversations/${second}`)).body.status).toBe('waiting');
      s.clock.advance(30_000);
      expect(await runDueWrapUps(s.container.deps)).toBeGreaterThanOrEqual(1);
      expect((await w.api('GET', `/conversations/${second}`)).body).toMatchObject({ status: 'processing', assigneeId: mei.id });
      expect((await history(w, first)).map((e) => e.type)).toEqual(expect.arrayContaining(['wrap_up_started', 'wrap_up_ended']));
    });

    it('is ended early by the agent, and reports count wrap-up apart from conversation time', async () => {
      const mei = await staff(w, 'Mei', 'agent', 1);
      await ready(w, mei.id);
      await w.api('PATCH', '/settings/agent-tools', { wrapUpSeconds: 300 });
      const channel = await apiChannel(w);
      const first = (await customerWrites(w, channel, 'c1', 'one')).conversationId;
      const second = (await customerWrites(w, channel, 'c2', 'two')).conversationId;
      s.clock.advance(40_000);
      await mei.api('POST', `/conversations/${first}/close`, {});
      s.clock.advance(20_000);
      expect((await w.api('GET', `/conversations/${second}`)).body.status).toBe('waiting');
      const ended = await mei.api('POST', `/conversations/${first}/wrap-up/end`, {});
      expect(ended.status).toBe(200);
      expect((await w.api('GET', `/conversations/${second}`)).body).toMatchObject({ status: 'processing', assigneeId: mei.id });
      expect((await mei.api('POST', `/conversations/${first}/wrap-up/end`, {})).status).toBe(409);
      expect((await mei.api('POST', `/conversations/${second}/wrap-up/end`, {})).status).toBe(409);
      const from = new Date(s.clock.now() - 3_600_000).toISOString();
      const to = new Date(s.clock.now() + 1000).toISOString();
      const summary = (await w.api('GET', `/reports/summary?from=${from}&to=${to}`)).body;
      expect(summary).toMatchObject({ averageHandleSeconds: 40, averageWrapUpSeconds: 20 });
      // Per agent too (the agent whose wrap-up it was), from the same rollups.
      const agents = (await w.api('GET', `/reports/agents?from=${from}&to=${to}`)).body.items;
      expect(agents).toEqual([expect.objectContaining({ agentId: mei.id, handled: 1, averageHandleSeconds: 40, averageWrapUpSeconds: 20 })]);
    });
  });
});
