import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { makeApi, startTestServer, type Api, type TestServer } from './harness.ts';

/**
 * SPEC §7 roles (issue #11 findings 7, 8, 14): agents never post as a
 * customer, read only their own conversations and the queues, and nobody acts
 * as an agent that is not an active agent of this workspace.
 */
describe('roles: who may post as a customer, read a transcript, act as an agent', () => {
  let s: TestServer;
  let channel: string;
  const agents: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  let otherTenantAgent: string;

  async function person(key: string, role: 'agent' | 'supervisor') {
    const email = `${key}@roles.example`;
    agents[key] = (await s.api('POST', '/agents', { name: key, email, password: 'password-1', role })).body.id;
    tokens[key] = (await s.api('POST', '/auth/login', { email, password: 'password-1' }, null)).body.token;
  }
  const as = (key: string): Api => makeApi(s.url, tokens[key]!);
  const inbound = (api: Api, externalId: string) => api('POST', `/channels/${channel}/inbound`, { contact: { externalId }, text: 'hello' });

  beforeAll(async () => {
    s = await startTestServer();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    await person('ann', 'agent');
    await person('bob', 'agent');
    await person('sue', 'supervisor');
    const otherToken = `other_${randomBytes(8).toString('hex')}`;
    await ensureAdminWorkspace(s.container.deps, otherToken);
    otherTenantAgent = (await makeApi(s.url, otherToken)('POST', '/agents', { name: 'Zed', email: 'zed@other.example' })).body.id;
  });
  afterAll(() => s.close());

  // Finding 7: on the old tree both routes answered 201/200 to any session.
  it('agents and supervisors cannot post inbound or leave as a customer; the admin token can', async () => {
    for (const key of ['ann', 'sue']) {
      const res = await inbound(as(key), `spoof-${key}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      const leave = await as(key)('POST', `/channels/${channel}/leave`, { contact: { externalId: 'c-leave' } });
      expect(leave.status).toBe(403);
    }
    const queued = (await inbound(s.api, 'handoff-target')).body.conversationId;
    expect((await as('ann')('POST', `/conversations/${queued}/handoff`, { priority: 100000 })).status).toBe(403);
    expect((await inbound(s.api, 'real-customer')).status).toBe(201);
    expect((await s.api('POST', `/channels/${channel}/leave`, { contact: { externalId: 'real-customer' } })).status).toBe(200);
  });

  it('an API key posts inbound only with the inbound scope', async () => {
    const withInbound = await s.api('POST', '/api-keys', { name: 'shop backend', scopes: ['inbound'] });
    expect(withInbound.status).toBe(201);
    expect(withInbound.body.key).toMatch(/^sbk_/);
    const readOnly = await s.api('POST', '/api-keys', { name: 'reporting', scopes: ['read'] });
    expect((await inbound(makeApi(s.url, withInbound.body.key), 'via-key')).status).toBe(201);
    const refused = await inbound(makeApi(s.url, readOnly.body.key), 'via-read-key');
    expect(refused.status).toBe(403);
    // …and an inbound-only key cannot read or configure anything.
    expect((await makeApi(s.url, withInbound.body.key)('GET', '/conversations')).status).toBe(403);
    expect((await makeApi(s.url, readOnly.body.key)('GET', '/conversations')).status).toBe(200);
  });

  it("an API key is limited to its requests a minute (429 + Retry-After), ends at once when deleted, and never manages keys; the admin token is not limited", async () => {
    const created = await s.api('POST', '/api-keys', { name: 'tight', scopes: ['read', 'write'], ratePerMinute: 3 });
    expect(created.body).toMatchObject({ scopes: ['read', 'write'], ratePerMinute: 3 });
    const key = makeApi(s.url, created.body.key);
    expect((await key('POST', '/api-keys', { name: 'child', scopes: ['read'] })).status).toBe(403);
    for (let i = 0; i < 2; i++) expect((await key('GET', '/agents')).status).toBe(200);
    const res = await fetch(`${s.url}/api/v1/agents`, { headers: { authorization: `Bearer ${created.body.key}` } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    for (let i = 0; i < 10; i++) expect((await s.api('GET', '/agents')).status).toBe(200);
    s.clock.advance(60_000);
    expect((await key('GET', '/agents')).status).toBe(200);
    const listed = await s.api('GET', '/api-keys');
    expect(listed.body.items.map((k: any) => k.id)).toContain(created.body.id);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    expect((await s.api('DELETE', `/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await key('GET', '/agents')).status).toBe(401);
  });

  // Finding 8: on the old tree every agent read every transcript.
  it("an agent reads its own conversations and the queue, not another agent's, unless the workspace allows it", async () => {
    const bobs = await s.api('POST', '/conversations', {
      channelId: channel,
      contact: { externalId: 'bobs-customer' },
      text: 'private to bob',
      agentId: agents.bob,
    });
    expect(bobs.status).toBe(201);
    const queued = (await inbound(s.api, 'queued-customer')).body.conversationId;
    await s.api('POST', `/conversations/${queued}/handoff`, {});
    for (const path of [`/conversations/${bobs.body.id}`, `/conversations/${bobs.body.id}/messages`, `/conversations/${bobs.body.id}/events`]) {
      const res = await as('ann')('GET', path);
      expect(res.status, path).toBe(403);
      expect((await as('bob')('GET', path)).status).toBe(200);
      expect((await as('sue')('GET', path)).status).toBe(200);
    }
    expect((await as('ann')('GET', `/conversations/${queued}/messages`)).status).toBe(200);
    const annList = await as('ann')('GET', '/conversations?status=processing');
    expect(annList.body.items.map((c: any) => c.id)).not.toContain(bobs.body.id);

    expect((await as('ann')('PATCH', '/settings/security', { agentsSeeAllTranscripts: true })).status).toBe(403);
    const allowed = await s.api('PATCH', '/settings/security', { agentsSeeAllTranscripts: true });
    expect(allowed.body).toEqual({ agentsSeeAllTranscripts: true, acceptUnverifiedMail: false });
    const now = await as('ann')('GET', `/conversations/${bobs.body.id}/messages`);
    expect(now.status).toBe(200);
    expect(now.body.items.map((m: any) => m.text)).toEqual(['private to bob']);
    await s.api('PATCH', '/settings/security', { agentsSeeAllTranscripts: false });
  });

  // Finding 14: on the old tree the admin token and supervisors posted as any agentId.
  it('acting for an agent needs an active agent of this workspace', async () => {
    const conv = (await s.api('POST', '/conversations', { channelId: channel, contact: { externalId: 'acting' }, text: 'hi', agentId: agents.bob })).body.id;
    const post = (api: Api, agentId: string) => api('POST', `/conversations/${conv}/messages`, { text: 'as someone', agentId });
    expect((await post(s.api, 'agt_does_not_exist')).status).toBe(404);
    expect((await post(s.api, otherTenantAgent)).status).toBe(404);
    expect((await post(as('sue'), otherTenantAgent)).status).toBe(404);
    const start = await s.api('POST', '/conversations', { channelId: channel, contact: { externalId: 'ghost' }, text: 'hi', agentId: 'agt_ghost' });
    expect(start.status).toBe(404);
    expect((await post(s.api, agents.bob!)).status).toBe(201);
    const messages = await s.api('GET', `/conversations/${conv}/messages`);
    expect(messages.body.items.map((m: any) => m.agentId ?? null)).not.toContain(otherTenantAgent);
  });
});
