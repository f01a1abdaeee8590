import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { makeApi, startTestServer, type TestServer } from './harness.ts';
import { apiChannel, customerWrites, history, ready, staff } from './agent-tools/support.ts';

/** Service-reason tags (issue #15): an admin list, chosen at close, editable after, filterable. */
let s: TestServer;
let w: TestServer;

describe('service-reason tags', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  beforeEach(async () => {
    // Each test its own workspace: the same server, a fresh admin token.
    const token = `ws_${randomBytes(8).toString('hex')}`;
    await ensureAdminWorkspace(s.container.deps, token);
    w = { ...s, adminToken: token, api: makeApi(s.url, token) };
  });
  afterAll(() => s.close());

  it('admins keep the list with colours; agents read it and cannot change it', async () => {
    const mei = await staff(w, 'Mei');
    expect((await w.api('POST', '/tags', { name: '退貨 Returns', color: '#ff8800' })).status).toBe(201);
    expect((await w.api('POST', '/tags', { name: 'Billing' })).body).toMatchObject({ color: '#64748b', archived: false });
    expect((await w.api('POST', '/tags', { name: 'Billing' })).status).toBe(409);
    expect((await w.api('POST', '/tags', { name: 'x', color: 'red' })).status).toBe(400);
    expect((await mei.api('POST', '/tags', { name: 'Mine' })).status).toBe(403);
    const list = await mei.api('GET', '/tags');
    expect(list.body.items.map((t: any) => t.name)).toEqual(['Billing', '退貨 Returns']);
    expect(list.body.requiredAtClose).toBe(false);
  });

  it('records tags at close, lets the agent edit them after, and filters lists by tag', async () => {
    const mei = await staff(w, 'Mei');
    await ready(w, mei.id);
    const returns = (await w.api('POST', '/tags', { name: 'Returns', color: '#ff8800' })).body.id;
    await w.api('POST', '/tags', { name: 'Billing' });
    const channel = await apiChannel(w);
    const { conversationId } = await customerWrites(w, channel, 'c1', 'I want to return this');
    const closed = await mei.api('POST', `/conversations/${conversationId}/close`, { tags: [returns, 'billing'] });
    expect(closed.status).toBe(200);
    const item = await w.api('GET', `/conversations/${conversationId}`);
    expect(item.body.tags.map((t: any) => t.name)).toEqual(['Billing', 'Returns']);
    expect((await history(w, conversationId)).find((e) => e.type === 'tagged')).toMatchObject({
      cause: 'agent',
      data: { added: expect.arrayContaining(['Returns', 'Billing']) },
    });

    const edited = await mei.api('PUT', `/conversations/${conversationId}/tags`, { tags: ['Returns'] });
    expect(edited.body.items.map((t: any) => t.name)).toEqual(['Returns']);
    const { conversationId: other } = await customerWrites(w, channel, 'c2', 'another thing');
    await mei.api('POST', `/conversations/${other}/close`, {});

    const byName = await w.api('GET', '/conversations?tag=returns');
    expect(byName.body.items.map((c: any) => c.id)).toEqual([conversationId]);
    expect((await w.api('GET', `/conversations?tag=${returns}`)).body.items.map((c: any) => c.id)).toEqual([conversationId]);
    expect((await w.api('GET', '/conversations?tag=billing')).body.items).toEqual([]);
    expect((await mei.api('POST', `/conversations/${other}/close`, {})).status).toBe(409);
  });

  it('refuses an unknown or archived tag, and a close without tags when the workspace requires one', async () => {
    const mei = await staff(w, 'Mei');
    await ready(w, mei.id);
    const old = (await w.api('POST', '/tags', { name: 'Old' })).body.id;
    await w.api('PATCH', `/tags/${old}`, { archived: true });
    expect((await w.api('PATCH', '/settings/agent-tools', { tagsRequiredAtClose: true })).body).toMatchObject({ tagsRequiredAtClose: true });
    const channel = await apiChannel(w);
    const { conversationId } = await customerWrites(w, channel, 'c1', 'hello');
    const none = await mei.api('POST', `/conversations/${conversationId}/close`, {});
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe('TAGS_REQUIRED');
    expect((await mei.api('POST', `/conversations/${conversationId}/close`, { tags: ['nope'] })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await mei.api('POST', `/conversations/${conversationId}/close`, { tags: [old] })).status).toBe(400);
    expect((await w.api('GET', `/conversations/${conversationId}`)).body.status).toBe('processing');
    await w.api('POST', '/tags', { name: 'General' });
    expect((await mei.api('POST', `/conversations/${conversationId}/close`, { tags: ['General'] })).status).toBe(200);
  });

  it('another agent may not tag a conversation that is not theirs', async () => {
    const mei = await staff(w, 'Mei');
    const ken = await staff(w, 'Ken');
    await ready(w, mei.id);
    await w.api('POST', '/tags', { name: 'General' });
    const { conversationId } = await customerWrites(w, await apiChannel(w), 'c1', 'hello');
    expect((await ken.api('PUT', `/conversations/${conversationId}/tags`, { tags: ['General'] })).status).toBe(403);
  });

  it('a keyword rule sets its tags when it matches, alongside its own action', async () => {
    await w.api('POST', '/tags', { name: 'Shipping', color: '#0088ff' });
    const channel = (await w.api('POST', '/channels', { type: 'api', name: 'with bot', bot: true })).body.id;
    const rule = await w.api('POST', '/bot/keywords', { match: 'contains', pattern: 'parcel', reply: 'Let me check your parcel.', tags: ['shipping', 'Gone'] });
    expect(rule.status).toBe(201);
    expect(rule.body.tags).toEqual(['shipping', 'Gone']);
    const { conversationId } = await customerWrites(w, channel, 'c-rule', 'where is my parcel');
    expect((await w.api('GET', `/conversations/${conversationId}`)).body.tags.map((t: any) => t.name)).toEqual(['Shipping']);
    expect((await history(w, conversationId)).find((e) => e.type === 'tagged')).toMatchObject({ cause: 'rule', actor: { type: 'bot' } });
  });

  it('a script sets tags with a set step', async () => {
    await w.api('POST', '/tags', { name: 'Order status', color: '#7c3aed' });
    const script = {
      id: 'tagger',
      name: 'Tagger',
      start: 'mark',
      steps: [
        { id: 'mark', type: 'set', tags: ['Order status'], next: 'done' },
        { id: 'done', type: 'end', outcome: 'resolved', text: 'Your order ships today.' },
      ],
    };
    expect((await w.api('POST', '/scripts', { ...script, steps: [{ ...script.steps[0], tags: 'Order status' }, script.steps[1]] })).status).toBe(400);
    expect((await w.api('POST', '/scripts', script)).status).toBe(201);
    expect((await w.api('POST', '/scripts/tagger/publish')).status).toBe(200);
    const channel = (await w.api('POST', '/channels', { type: 'api', name: 'scripted', bot: true })).body.id;
    await w.api('POST', '/bot/keywords', { match: 'exact', pattern: 'track', action: { type: 'start_script', scriptId: 'tagger' } });
    const { conversationId } = await customerWrites(w, channel, 'c-script', 'track');
    const item = (await w.api('GET', `/conversations/${conversationId}`)).body;
    expect(item.tags.map((t: any) => t.name)).toEqual(['Order status']);
    expect((await history(w, conversationId)).find((e) => e.type === 'tagged')).toMatchObject({ cause: 'script' });
  });
});
