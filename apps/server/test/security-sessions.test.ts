import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { makeApi, startTestServer, type TestServer } from './harness.ts';

/** An open stream socket and a promise of its close code (rejects if it stays open past `withinMs`). */
async function openSocket(url: string, token: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/v1/stream?token=${encodeURIComponent(token)}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('message', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const closesWithin = (withinMs: number) =>
    Promise.race([closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${withinMs} ms`)), withinMs))]);
  return { ws, closesWithin, isOpen: () => ws.readyState === WebSocket.OPEN };
}

/**
 * SPEC §7 "Sessions end when they should" and R14 (issue #11 finding 6, issue #10):
 * every case failed on the old tree — sockets kept streaming, old sessions and
 * the old admin token kept working (the 5 s token cache never expires under the
 * fake clock, so a demotion never took effect there).
 */
describe('sessions end when they should', () => {
  let s: TestServer;
  let channel: string;

  async function agentWithSession(key: string, role: 'agent' | 'supervisor' = 'agent') {
    const email = `${key}@sessions.example`;
    const id = (await s.api('POST', '/agents', { name: key, email, password: 'password-1', role })).body.id as string;
    const token = (await s.api('POST', '/auth/login', { email, password: 'password-1' }, null)).body.token as string;
    return { id, email, token, api: makeApi(s.url, token) };
  }

  beforeAll(async () => {
    s = await startTestServer();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
  });
  afterAll(() => s.close());

  it('sign-out ends the session, closes its socket within 1 s and takes the agent offline, withdrawing its offer', async () => {
    await s.api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 600 });
    const a = await agentWithSession('out');
    await a.api('PUT', `/agents/${a.id}/presence`, { presence: 'ready' });
    const conv = (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: 'offered' }, text: 'hi' })).body.conversationId;
    const offered = await s.api('GET', `/conversations/${conv}`);
    expect(offered.body.offer).toMatchObject({ agentId: a.id });
    const socket = await openSocket(s.url, a.token);

    expect((await a.api('POST', '/auth/logout')).status).toBe(204);
    expect(await socket.closesWithin(1000)).toBe(4401);
    expect((await a.api('GET', '/me')).status).toBe(401);
    expect((await s.api('GET', `/agents/${a.id}`)).body.presence).toBe('offline');
    const after = await s.api('GET', `/conversations/${conv}`);
    expect(after.body).toMatchObject({ status: 'waiting', offer: null });
    await s.api('PATCH', '/settings/routing', { mode: 'auto' });
  });

  it('a password change ends the other sessions and their sockets; the session that made it stays', async () => {
    const a = await agentWithSession('pw');
    const second = (await s.api('POST', '/auth/login', { email: a.email, password: 'password-1' }, null)).body.token;
    const otherSocket = await openSocket(s.url, second);
    const ownSocket = await openSocket(s.url, a.token);
    const wrong = await a.api('POST', '/me/password', { current: 'not-it', next: 'password-2' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('WRONG_PASSWORD');
    expect((await a.api('POST', '/me/password', { current: 'password-1', next: 'password-2' })).status).toBe(204);
    expect(await otherSocket.closesWithin(1000)).toBe(4401);
    expect((await makeApi(s.url, second)('GET', '/me')).status).toBe(401);
    expect((await a.api('GET', '/me')).status).toBe(200);
    expect(ownSocket.isOpen()).toBe(true);
    expect((await s.api('POST', '/auth/login', { email: a.email, password: 'password-1' }, null)).status).toBe(401);
    expect((await s.api('POST', '/auth/login', { email: a.email, password: 'password-2' }, null)).status).toBe(200);
    ownSocket.ws.close();
  });

  it('an admin password reset ends every session of the agent', async () => {
    const a = await agentWithSession('reset');
    const socket = await openSocket(s.url, a.token);
    expect((await a.api('POST', `/agents/${a.id}/password`, { password: 'hijacked-1' })).status).toBe(403);
    expect((await s.api('POST', `/agents/${a.id}/password`, { password: 'reset-pass-1' })).status).toBe(200);
    expect(await socket.closesWithin(1000)).toBe(4401);
    expect((await a.api('GET', '/me')).status).toBe(401);
    expect((await s.api('POST', '/auth/login', { email: a.email, password: 'reset-pass-1' }, null)).status).toBe(200);
  });

  it('a demotion takes effect at once: the supervisor session ends and its socket closes', async () => {
    const sup = await agentWithSession('demoted', 'supervisor');
    expect((await sup.api('GET', '/conversations')).status).toBe(200); // now cached
    const socket = await openSocket(s.url, sup.token);
    await s.api('PATCH', `/agents/${sup.id}`, { role: 'agent' });
    expect(await socket.closesWithin(1000)).toBe(4401);
    expect((await sup.api('GET', '/conversations')).status).toBe(401);
  });

  it('deactivation: sessions and sockets end, the agent is offline, cannot log in or be set ready', async () => {
    const a = await agentWithSession('gone');
    await a.api('PUT', `/agents/${a.id}/presence`, { presence: 'ready' });
    const socket = await openSocket(s.url, a.token);
    const res = await s.api('POST', `/agents/${a.id}/deactivate`);
    expect(res.body).toMatchObject({ active: false, presence: 'offline' });
    expect(await socket.closesWithin(1000)).toBe(4401);
    expect((await a.api('GET', '/me')).status).toBe(401);
    expect((await s.api('POST', '/auth/login', { email: a.email, password: 'password-1' }, null)).status).toBe(401);
    const ready = await s.api('PUT', `/agents/${a.id}/presence`, { presence: 'ready' });
    expect(ready.status).toBe(409);
    expect(ready.body.error.code).toBe('AGENT_INACTIVE');
    expect((await s.api('POST', `/agents/${a.id}/reactivate`)).body.active).toBe(true);
    expect((await s.api('POST', '/auth/login', { email: a.email, password: 'password-1' }, null)).status).toBe(200);
  });

  it('admin token rotation: the new token works once shown, the old one stops at once, and a restart with it is refused', async () => {
    const old = s.adminToken;
    const socket = await openSocket(s.url, old);
    expect((await s.api('GET', '/agents')).status).toBe(200); // cached
    const rotated = await s.api('POST', '/workspace/admin-token/rotate');
    expect(rotated.status).toBe(200);
    expect(await socket.closesWithin(1000)).toBe(4401);
    expect((await s.api('GET', '/agents')).status).toBe(401);
    const fresh = makeApi(s.url, rotated.body.token);
    expect((await fresh('GET', '/agents')).status).toBe(200);
    await expect(ensureAdminWorkspace(s.container.deps, old)).rejects.toThrow(/rotated/);
    expect(await ensureAdminWorkspace(s.container.deps, rotated.body.token)).toBe(s.workspaceId);
    const audit = await fresh('GET', '/audit-log');
    expect(audit.body.items[0]).toMatchObject({ action: 'admin_token.rotated', actor: { type: 'admin' } });
    s.api = fresh;
  });
});
