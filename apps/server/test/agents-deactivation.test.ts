import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * SPEC §7 "admins deactivate agents", issue #11 finding 5. On the old tree a
 * deactivated agent went offline and kept its processing conversations (the
 * default offline policy keeps them): customers waited on a person who could
 * never answer again.
 */
describe('deactivating an agent hands back its work', () => {
  let s: TestServer;
  let channel: string;
  let n = 0;

  const agent = async (name: string, presence: 'ready' | 'away') => {
    const id = (await s.api('POST', '/agents', { name, email: `${name}@deact.example`, password: 'password-1', capacity: 5 })).body.id as string;
    await s.api('PUT', `/agents/${id}/presence`, { presence });
    return id;
  };
  const arrive = async () => (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: `c-${++n}` }, text: 'help' })).body.conversationId as string;
  const conversation = async (id: string) => (await s.api('GET', `/conversations/${id}`)).body;

  beforeAll(async () => {
    s = await startTestServer();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
  });
  afterAll(() => s.close());

  it('its processing conversations go to another agent, recorded with the reason, and its sessions end', async () => {
    const leaving = await agent('leaving', 'ready');
    const first = await arrive();
    const second = await arrive();
    expect(await conversation(first)).toMatchObject({ status: 'processing', assigneeId: leaving });
    expect(await conversation(second)).toMatchObject({ status: 'processing', assigneeId: leaving });
    const token = (await s.api('POST', '/auth/login', { email: 'leaving@deact.example', password: 'password-1' }, null)).body.token as string;
    const other = await agent('other', 'ready');

    const res = await s.api('POST', `/agents/${leaving}/deactivate`);
    expect(res.body).toMatchObject({ active: false, presence: 'offline' });
    expect(await conversation(first)).toMatchObject({ status: 'processing', assigneeId: other });
    expect(await conversation(second)).toMatchObject({ status: 'processing', assigneeId: other });
    const history = (await s.api('GET', `/conversations/${first}/events`)).body.items as Array<{ type: string; from?: string; to?: string; cause?: string }>;
    expect(history).toContainEqual(expect.objectContaining({ from: 'processing', to: 'waiting', cause: 'agent_deactivated' }));
    expect((await s.api('GET', '/me', undefined, token)).status).toBe(401);
    const routing = (await s.api('GET', '/routing')).body.agents as Array<{ id: string; load: number }>;
    expect(routing.find((a) => a.id === leaving)?.load ?? 0).toBe(0);
    await s.api('PUT', `/agents/${other}/presence`, { presence: 'away' });
  });

  it('its pending offers are withdrawn and the conversation waits for someone else', async () => {
    await s.api('PATCH', '/settings/routing', { mode: 'offer' });
    const offered = await agent('offered', 'ready');
    const conv = await arrive();
    expect((await conversation(conv)).offer).toMatchObject({ agentId: offered });

    await s.api('POST', `/agents/${offered}/deactivate`);
    expect(await conversation(conv)).toMatchObject({ status: 'waiting', offer: null, assigneeId: null });
    const history = (await s.api('GET', `/conversations/${conv}/events`)).body.items as Array<{ type: string; cause?: string }>;
    expect(history).toContainEqual(expect.objectContaining({ type: 'offer_withdrawn', cause: 'agent_deactivated' }));
    const next = await agent('next', 'ready');
    expect((await conversation(conv)).offer).toMatchObject({ agentId: next });
  });
});
