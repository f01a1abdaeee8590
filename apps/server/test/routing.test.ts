import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDueTimers } from '../src/scheduler/due-timers.ts';
import { ensureAdminWorkspace } from '../src/workspaces/workspaces.ts';
import { connectStream, makeApi, startTestServer, type Api, type TestServer } from './harness.ts';

let s: TestServer;
let api: Api;
let token: string;
let channelId: string;
let n = 0;

async function agent(name: string, extra: Record<string, unknown> = {}, presence = 'ready') {
  const res = await api('POST', '/agents', { name, email: `${name.toLowerCase()}-${n++}@example.com`, ...extra });
  expect(res.status).toBe(201);
  if (presence !== 'offline') await api('PUT', `/agents/${res.body.id}/presence`, { presence });
  return res.body.id as string;
}

async function customerAsksForPerson(externalId: string, skills?: string[]) {
  const inbound = await api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text: 'hello' });
  const res = await api('POST', `/conversations/${inbound.body.conversationId}/handoff`, skills ? { skills } : {});
  expect(res.status).toBe(200);
  return inbound.body.conversationId as string;
}

const get = async (id: string) => (await api('GET', `/conversations/${id}`)).body;

describe('routing through the HTTP API', () => {
  beforeAll(async () => {
    s = await startTestServer();
  });
  // One server, a fresh workspace per test: isolation without paying for a new database each time.
  beforeEach(async () => {
    token = `ws_${randomBytes(8).toString('hex')}`;
    await ensureAdminWorkspace(s.container.deps, token);
    api = makeApi(s.url, token);
    channelId = (await api('POST', '/channels', { type: 'api', name: 'API' })).body.id;
  });
  afterAll(() => s.close());

  it('auto mode: a handoff keyword reaches a ready agent at once, visible on the stream and in the history', async () => {
    const a = await agent('Ann');
    const stream = await connectStream(s.url, token);
    const first = await api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c1' }, text: 'hi' });
    const handoff = await api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c1' }, text: 'ＡＧＥＮＴ' });
    expect(handoff.body.status).toBe('processing');
    const assigned = await stream.next((f) => f.type === 'conversation.assigned');
    expect(assigned.data).toEqual({ id: first.body.conversationId, agentId: a, reason: 'match' });
    const history = (await api('GET', `/conversations/${first.body.conversationId}/events`)).body.items;
    expect(history.filter((e: any) => e.type === 'status_changed').map((e: any) => `${e.from}→${e.to}:${e.cause}`)).toEqual([
      'null→bot:customer_message',
      'bot→waiting:handoff_keyword',
      'waiting→dispatching:fill',
      'dispatching→processing:match',
    ]);
    expect((await get(first.body.conversationId)).assigneeId).toBe(a);
    stream.close();
  });

  it('worked example 1 (offer mode): L = 3, accepting one lets the first waiting conversation in', async () => {
    await api('PATCH', '/settings/routing', { mode: 'offer' });
    const a = await agent('A', { capacity: 10 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await customerAsksForPerson(`c${i}`));
      s.clock.advance(1000);
    }
    const before = await Promise.all(ids.map(get));
    expect(before.map((c) => c.status)).toEqual(['dispatching', 'dispatching', 'dispatching', 'waiting', 'waiting']);
    expect(before.slice(0, 3).map((c) => c.offer?.agentId)).toEqual([a, a, a]);
    expect((await api('GET', '/routing')).body).toMatchObject({ readyAgents: 1, dispatchLimit: 3, dispatching: 3, waiting: 2 });
    expect((await get(ids[3]!)).queuePosition).toBe(1);
    expect((await get(ids[4]!)).queuePosition).toBe(2);

    const accepted = await api('POST', `/conversations/${ids[0]}/accept`, { agentId: a });
    expect(accepted.body).toMatchObject({ status: 'processing', assigneeId: a, offer: null });
    const after = await Promise.all(ids.map(get));
    expect(after.map((c) => c.status)).toEqual(['processing', 'dispatching', 'dispatching', 'dispatching', 'waiting']);
    const routing = (await api('GET', '/routing')).body;
    expect(routing.agents).toEqual([expect.objectContaining({ id: a, load: 4, capacity: 10 })]);
  });

  it('offer mode: an offer that times out sets the agent away (missed) and goes to another agent', async () => {
    await api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 30 });
    const a = await agent('A');
    const conv = await customerAsksForPerson('c1');
    expect((await get(conv)).offer.agentId).toBe(a);
    const b = await agent('B');
    s.clock.advance(29_000);
    await runDueTimers(s.container.deps);
    expect((await get(conv)).offer.agentId).toBe(a);
    s.clock.advance(1_000);
    await runDueTimers(s.container.deps);
    const agents = (await api('GET', '/agents')).body.items;
    expect(agents.find((x: any) => x.id === a)).toMatchObject({ presence: 'away', presenceReason: 'missed' });
    expect((await get(conv)).offer.agentId).toBe(b);
    const events = (await api('GET', `/conversations/${conv}/events`)).body.items.map((e: any) => `${e.type}:${e.cause}`);
    expect(events).toContain('offer_withdrawn:offer_timeout');
  });

  it('offer mode: a rejected offer goes to another qualifying agent; answering an offer you do not hold is 409', async () => {
    await api('PATCH', '/settings/routing', { mode: 'offer' });
    const a = await agent('A');
    const conv = await customerAsksForPerson('c1');
    const b = await agent('B');
    const wrong = await api('POST', `/conversations/${conv}/accept`, { agentId: b });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('NOT_OFFERED');
    await api('POST', `/conversations/${conv}/reject`, { agentId: a });
    expect((await get(conv)).offer.agentId).toBe(b);
  });

  it('transfers to a named agent whatever its presence, and to a skill set through routing', async () => {
    const a = await agent('A', { skills: ['english'] });
    const conv = await customerAsksForPerson('c1', ['english']);
    const away = await agent('Away', {}, 'away');
    const toAgent = await api('POST', `/conversations/${conv}/transfer`, { agentId: away });
    expect(toAgent.body).toMatchObject({ status: 'processing', assigneeId: away });
    const j = await agent('J', { skills: [{ name: 'japanese', level: 5 }] });
    const toSkill = await api('POST', `/conversations/${conv}/transfer`, { skills: ['japanese'] });
    expect(toSkill.body).toMatchObject({ status: 'processing', assigneeId: j, skills: ['japanese'] });
    expect(a).not.toBe(j);
  });

  it('an agent-started conversation is processing at once and counts toward load', async () => {
    const a = await agent('A', { capacity: 1 });
    const res = await api('POST', '/conversations', { channelId, contact: { externalId: 'out-1' }, text: 'Hello from us', agentId: a });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'processing', assigneeId: a });
    const routing = (await api('GET', '/routing')).body;
    expect(routing.agents[0]).toMatchObject({ id: a, load: 1, capacity: 1 });
    const conv = await customerAsksForPerson('c2');
    expect((await get(conv)).status).toBe('waiting');
    const messages = (await api('GET', `/conversations/${res.body.id}/messages`)).body.items;
    expect(messages.map((m: any) => [m.sender, m.text])).toEqual([['agent', 'Hello from us']]);
  });

  it('closing frees capacity and the next waiting conversation is assigned', async () => {
    const a = await agent('A', { capacity: 1 });
    const c1 = await customerAsksForPerson('c1');
    const c2 = await customerAsksForPerson('c2');
    expect((await get(c2)).status).toBe('waiting');
    const closed = await api('POST', `/conversations/${c1}/close`, { agentId: a });
    expect(closed.body.status).toBe('completed');
    expect(await get(c2)).toMatchObject({ status: 'processing', assigneeId: a });
  });

  it('a return-to-bot keyword takes a processing conversation back to bot; its agent can no longer reply', async () => {
    await api('PATCH', `/channels/${channelId}`, { returnKeywords: ['離開'] });
    const a = await agent('A');
    const conv = await customerAsksForPerson('c1');
    const back = await api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'c1' }, text: '離開' });
    expect(back.body.status).toBe('bot');
    const reply = await api('POST', `/conversations/${conv}/messages`, { text: 'still there?', agentId: a });
    expect(reply.status).toBe(409);
    expect((await api('GET', '/routing')).body.agents[0].load).toBe(0);
  });

  it('a channel without a bot routes the first message straight away, with its skills and priority', async () => {
    const direct = (await api('POST', '/channels', { type: 'api', name: 'Urgent', bot: false, skills: ['Billing'], priority: 1000 })).body.id;
    const res = await api('POST', `/channels/${direct}/inbound`, { contact: { externalId: 'u1' }, text: 'my invoice' });
    expect(res.body.status).toBe('waiting');
    const conv = await get(res.body.conversationId);
    expect(conv).toMatchObject({ skills: ['billing'], priority: 1000, queuePosition: 1 });
  });

  it('waiting items list in queue order: weight (priority) before arrival (worked example 4)', async () => {
    const x = await customerAsksForPerson('x');
    s.clock.advance(9 * 60_000);
    const inbound = await api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: 'y' }, text: 'hi' });
    await api('POST', `/conversations/${inbound.body.conversationId}/handoff`, { priority: 1000 });
    const list = (await api('GET', '/conversations?status=waiting')).body.items.map((c: any) => c.id);
    expect(list).toEqual([inbound.body.conversationId, x]);
  });
});
