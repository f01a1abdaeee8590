import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

describe('agents and sessions', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('creates an agent with SPEC §5 defaults and normalised skills', async () => {
    const res = await s.api('POST', '/agents', { name: 'Ann', email: 'ann@example.com', skills: ['English', { name: 'billing', level: 5 }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^agt_/),
      name: 'Ann',
      capacity: 5,
      presence: 'offline',
      skills: [
        { name: 'billing', level: 5 },
        { name: 'english', level: 3 },
      ],
    });
  });

  it('logs in with email and password, and the session acts as that agent', async () => {
    const created = await s.api('POST', '/agents', { name: 'Bo', email: 'bo@example.com', password: 'correct horse' });
    const bad = await s.api('POST', '/auth/login', { email: 'bo@example.com', password: 'wrong' }, null);
    expect(bad.status).toBe(401);
    const login = await s.api('POST', '/auth/login', { email: 'BO@example.com', password: 'correct horse' }, null);
    expect(login.status).toBe(200);
    const me = await s.api('GET', '/me', undefined, login.body.token);
    expect(me.body).toMatchObject({ role: 'agent', agent: { id: created.body.id } });
    const ready = await s.api('PUT', `/agents/${created.body.id}/presence`, { presence: 'ready' }, login.body.token);
    expect(ready.body.presence).toBe('ready');
    const logout = await s.api('POST', '/auth/logout', undefined, login.body.token);
    expect(logout.status).toBe(204);
    expect((await s.api('GET', '/me', undefined, login.body.token)).status).toBe(401);
  });

  it('an agent cannot create agents, change routing settings or another agent’s presence', async () => {
    const other = await s.api('POST', '/agents', { name: 'Cy', email: 'cy@example.com' });
    await s.api('POST', '/agents', { name: 'Di', email: 'di@example.com', password: 'password1' });
    const token = (await s.api('POST', '/auth/login', { email: 'di@example.com', password: 'password1' }, null)).body.token;
    expect((await s.api('POST', '/agents', { name: 'X', email: 'x@example.com' }, token)).status).toBe(403);
    expect((await s.api('PATCH', '/settings/routing', { mode: 'offer' }, token)).status).toBe(403);
    const presence = await s.api('PUT', `/agents/${other.body.id}/presence`, { presence: 'ready' }, token);
    expect(presence.status).toBe(403);
    expect(presence.body.error.code).toBe('FORBIDDEN');
  });

  it('refuses a second agent with the same email (any case)', async () => {
    await s.api('POST', '/agents', { name: 'E', email: 'e@example.com' });
    const dup = await s.api('POST', '/agents', { name: 'E2', email: 'E@EXAMPLE.com' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('EMAIL_TAKEN');
  });

  it('updates capacity, skills and role', async () => {
    const a = await s.api('POST', '/agents', { name: 'F', email: 'f@example.com' });
    const res = await s.api('PATCH', `/agents/${a.body.id}`, { capacity: 9, skills: [{ name: 'japanese', level: 2 }], role: 'supervisor' });
    expect(res.body).toMatchObject({ capacity: 9, role: 'supervisor', skills: [{ name: 'japanese', level: 2 }] });
  });

  it('away carries a reason; ready and offline clear it', async () => {
    const a = await s.api('POST', '/agents', { name: 'G', email: 'g@example.com' });
    const away = await s.api('PUT', `/agents/${a.body.id}/presence`, { presence: 'away', reason: 'training' });
    expect(away.body).toMatchObject({ presence: 'away', presenceReason: 'training' });
    const ready = await s.api('PUT', `/agents/${a.body.id}/presence`, { presence: 'ready', reason: 'ignored' });
    expect(ready.body).toMatchObject({ presence: 'ready', presenceReason: null });
  });

  it('serves the OpenAPI document with the SPEC endpoints', async () => {
    const res = await fetch(`${s.url}/api/v1/openapi.json`);
    const doc = await res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/agents', '/api/v1/agents/{id}/presence', '/api/v1/settings/routing', '/api/v1/channels', '/api/v1/channels/{id}/inbound', '/api/v1/conversations', '/api/v1/conversations/{id}/accept', '/api/v1/routing']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});
