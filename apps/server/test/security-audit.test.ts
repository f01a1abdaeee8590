import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApi, startTestServer, type TestServer } from './harness.ts';

/** SPEC §7 / issue #11: every admin change is in the audit log (who, what, before/after, when), for admins only. */
describe('audit log', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it('records agent, channel, settings and bot changes with before and after, never a secret', async () => {
    const agent = (await s.api('POST', '/agents', { name: 'Ann', email: 'ann@audit.example', capacity: 3 })).body.id;
    await s.api('PATCH', `/agents/${agent}`, { capacity: 7 });
    const channel = (await s.api('POST', '/channels', { type: 'telegram', name: 'TG', config: { botToken: 'tg-secret-value' } })).body.id;
    await s.api('PATCH', `/channels/${channel}`, { name: 'Telegram', config: { botToken: 'another-secret-value' } });
    await s.api('PATCH', '/settings/routing', { dispatchPerAgent: 2 });
    const rule = await s.api('POST', '/bot/keywords', { match: 'contains', pattern: 'refund', reply: 'We will help.' });
    const log = await s.api('GET', '/audit-log?limit=50');
    expect(log.status).toBe(200);
    const actions = log.body.items.map((i: any) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['agent.created', 'agent.updated', 'channel.created', 'channel.updated', 'settings.routing_updated']));
    expect(rule.status).toBe(201);
    expect(actions).toContain('keyword_rule.created');
    const updated = log.body.items.find((i: any) => i.action === 'agent.updated');
    expect(updated).toMatchObject({
      actor: { type: 'admin', id: null },
      target: { type: 'agent', id: agent },
      before: { capacity: 3 },
      after: { capacity: 7 },
    });
    expect(Date.parse(updated.at)).toBe(s.clock.now());
    expect(JSON.stringify(log.body)).not.toContain('secret-value');
  });

  it('is for admins only', async () => {
    await s.api('POST', '/agents', { name: 'Sup', email: 'sup@audit.example', password: 'password-1', role: 'supervisor' });
    const token = (await s.api('POST', '/auth/login', { email: 'sup@audit.example', password: 'password-1' }, null)).body.token;
    expect((await makeApi(s.url, token)('GET', '/audit-log')).status).toBe(403);
  });
});
