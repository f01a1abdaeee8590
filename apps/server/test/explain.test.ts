import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';

/** SPEC §5 "Why" through the API: blockers while it waits, the R4 ranking once assigned. */
describe('GET /conversations/:id/explain', () => {
  let s: TestServer;
  let channel = '';
  const agents: Record<string, string> = {};
  const ask = async (key: string) =>
    (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: key }, text: 'help' })).body.conversationId as string;
  const explain = async (id: string) => (await s.api('GET', `/conversations/${id}/explain`)).body;

  beforeAll(async () => {
    s = await startTestServer();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'Web', bot: false, skills: ['english'] })).body.id;
    for (const [name, capacity, skills] of [['ann', 1, [{ name: 'english', level: 3 }]], ['bob', 2, [{ name: 'english', level: 1 }]], ['cat', 5, ['french']]] as const) {
      agents[name] = (await s.api('POST', '/agents', { name, email: `${name}@example.com`, password: 'password-1', capacity, skills })).body.id;
    }
  });
  afterAll(() => s?.close());

  it('waits with nobody ready: NO_AGENT_READY, position 1, no estimate', async () => {
    const c1 = await ask('c1');
    expect(await explain(c1)).toMatchObject({
      status: 'waiting', queuePosition: 1, estimatedWaitSeconds: null, decision: null,
      blockers: [{ code: 'NO_AGENT_READY', detail: 'no agent is ready' }],
    });
  });

  it('only an agent without the skill is ready: NO_QUALIFYING_AGENT names it', async () => {
    await s.api('PUT', `/agents/${agents.cat}/presence`, { presence: 'ready' });
    const c2 = await ask('c2');
    const e = await explain(c2);
    expect(e.blockers).toEqual([
      { code: 'NO_QUALIFYING_AGENT', detail: 'no ready agent holds english' },
      { code: 'EARLIER_IN_QUEUE', detail: '1 conversation with the same requirements ahead in the queue' },
    ]);
    expect(e.queuePosition).toBe(2);
    expect(e.candidates.find((c: { agentId: string }) => c.agentId === agents.cat)).toMatchObject({ eligible: false, because: 'missing_skill' });
  });

  it('assigned: the decision with its rule and the R4 ranking; a full agent puts the rest at capacity', async () => {
    await s.api('PUT', `/agents/${agents.ann}/presence`, { presence: 'ready' });
    const list = (await s.api('GET', '/conversations?status=processing')).body.items;
    const first = list.find((c: { assigneeId: string }) => c.assigneeId === agents.ann).id;
    const e = await explain(first);
    expect(e).toMatchObject({ status: 'processing', queuePosition: null, blockers: [], decision: { agentId: agents.ann, rule: 'match' } });
    expect(e.decision.candidates.map((c: { agentId: string; because: string }) => [c.agentId, c.because])).toEqual(
      [[agents.ann, 'chosen'], ...[[agents.bob, 'not_ready'], [agents.cat, 'missing_skill']].sort((a, b) => (a[0]! < b[0]! ? -1 : 1))],
    );
    // ann (capacity 1) has one; the other english conversation is let in (dispatching, no offer) and waits for her.
    const other = (await s.api('GET', '/conversations?status=dispatching')).body.items[0].id;
    expect(await explain(other)).toMatchObject({ status: 'dispatching', queuePosition: 1, decision: null, blockers: [{ code: 'AGENTS_AT_CAPACITY' }] });
  });

  it('unknown is 404; an agent may not read another agent\'s (at a past moment neither: explain-at.test.ts has the rest)', async () => {
    const any = (await s.api('GET', '/conversations?status=processing')).body.items[0].id;
    expect((await s.api('GET', '/conversations/nope/explain')).status).toBe(404);
    const token = (await s.api('POST', '/auth/login', { email: 'cat@example.com', password: 'password-1' }, null)).body.token;
    expect((await s.api('GET', `/conversations/${any}/explain`, undefined, token)).status).toBe(403);
    expect((await s.api('GET', `/conversations/${any}/explain?at=2026-11-24T09:00:00Z`, undefined, token)).status).toBe(403);
  });

  it('estimatedWaitSeconds: queue standing and the recorded handle time (one 300 s chat, one seat, first in line: 300 s)', async () => {
    const held = (await s.api('GET', '/conversations?status=processing')).body.items[0].id;
    s.clock.advance(300_000);
    expect((await s.api('POST', `/conversations/${held}/close`, { agentId: agents.ann })).status).toBe(200);
    // The dispatching one went to ann (capacity 1); the next is let in (cat has room, ann qualifies: R3) and waits for her one seat.
    const next = await ask('c3');
    expect(await explain(next)).toMatchObject({ status: 'dispatching', queuePosition: 1, estimatedWaitSeconds: 300, blockers: [{ code: 'AGENTS_AT_CAPACITY' }] });
  });
});
