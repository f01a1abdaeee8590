import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactReplayDay } from '../src/simulations/replay-days.ts';
import { startTestServer, type TestServer } from './harness.ts';

type HistoryRow = { id: string; type: string; at: string; from: string | null; to: string | null; cause: string; data: Record<string, unknown> };
type Candidate = { agentId: string; eligible: boolean; because: string };

/**
 * SPEC §5 "Why" at a past moment: the routing state rebuilt from the history
 * and asked by the same engine. Before this, `?at=` answered 400 NOT_SUPPORTED.
 */
describe('GET /conversations/:id/explain?at= (auto mode)', () => {
  let s: TestServer;
  let channel = '';
  const agents: Record<string, string> = {};
  const moments: Record<string, string> = {};
  const convs: Record<string, string> = {};
  const ask = async (key: string) =>
    (convs[key] = (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: key }, text: 'help' })).body.conversationId as string);
  const mark = (name: string) => (moments[name] = new Date(s.clock.now()).toISOString());
  const explainAt = async (id: string, at: string) => (await s.api('GET', `/conversations/${id}/explain?at=${encodeURIComponent(at)}`)).body;
  const ready = (name: string) => s.api('PUT', `/agents/${agents[name]}/presence`, { presence: 'ready' });

  beforeAll(async () => {
    s = await startTestServer();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'Web', bot: false, skills: ['english'] })).body.id;
    for (const [name, capacity, skills] of [['ann', 1, [{ name: 'english', level: 3 }]], ['bob', 1, [{ name: 'english', level: 1 }]], ['cat', 5, ['french']]] as const) {
      agents[name] = (await s.api('POST', '/agents', { name, email: `${name}@example.com`, password: 'password-1', capacity, skills })).body.id;
    }
    // A scripted morning: c1 waits alone; cat (french) is ready when c2 comes; ann takes c1, c2 waits for her seat; bob takes c2.
    await ask('c1');
    mark('alone');
    s.clock.advance(10_000);
    await ready('cat');
    await ask('c2');
    mark('frenchOnly');
    s.clock.advance(10_000);
    await ready('ann');
    mark('annFull');
    s.clock.advance(10_000);
    await ready('bob');
    mark('bobTook');
    s.clock.advance(10_000);
    // Later still: everyone leaves, so the present tells another story than the past.
    for (const name of ['ann', 'bob', 'cat']) await s.api('PUT', `/agents/${agents[name]}/presence`, { presence: 'offline' });
    s.clock.advance(10_000);
  });
  afterAll(() => s?.close());

  it('NO_AGENT_READY at the first moment, though c1 has an agent now', async () => {
    expect(await explainAt(convs.c1!, moments.alone!)).toMatchObject({
      at: moments.alone, status: 'waiting', queuePosition: 1, decision: null, blockers: [{ code: 'NO_AGENT_READY', detail: 'no agent is ready' }],
    });
  });

  it('NO_QUALIFYING_AGENT and EARLIER_IN_QUEUE while only cat (french) was ready', async () => {
    const e = await explainAt(convs.c2!, moments.frenchOnly!);
    expect(e).toMatchObject({ status: 'waiting', queuePosition: 2 });
    expect(e.blockers).toEqual([
      { code: 'NO_QUALIFYING_AGENT', detail: 'no ready agent holds english' },
      { code: 'EARLIER_IN_QUEUE', detail: '1 conversation with the same requirements ahead in the queue' },
    ]);
    expect(e.candidates.find((c: Candidate) => c.agentId === agents.cat)).toMatchObject({ eligible: false, because: 'missing_skill' });
  });

  it('AGENTS_AT_CAPACITY once ann (capacity 1) held c1 and bob was not ready', async () => {
    const e = await explainAt(convs.c2!, moments.annFull!);
    expect(e).toMatchObject({ status: 'dispatching', queuePosition: 1, blockers: [{ code: 'AGENTS_AT_CAPACITY', detail: 'all 1 qualifying ready agent are at capacity' }] });
    expect(e.candidates.find((c: Candidate) => c.agentId === agents.ann)).toMatchObject({ because: 'at_capacity' });
  });

  it('every moment of the history: the rebuilt status is the recorded one, each decision names the recorded agent and rule first', async () => {
    for (const id of [convs.c1!, convs.c2!]) {
      const rows = (await s.api('GET', `/conversations/${id}/events`)).body.items as HistoryRow[];
      for (const moment of [...new Set(rows.map((r) => r.at))]) {
        const upTo = rows.filter((r) => r.at <= moment);
        const status = upTo.filter((r) => r.type === 'status_changed').at(-1)!.to;
        const assigned = upTo.filter((r) => r.type === 'assigned').at(-1);
        const e = await explainAt(id, moment);
        expect(e.status, `${id} at ${moment}`).toBe(status);
        if (status === 'processing') {
          expect(e.decision).toMatchObject({ agentId: assigned!.data.agentId, rule: assigned!.cause, decidedAt: assigned!.at });
          expect(e.decision.candidates[0]).toMatchObject({ agentId: assigned!.data.agentId, eligible: true, because: 'chosen' });
        } else expect(e.decision).toBeNull();
      }
    }
  });

  it('c2 went to bob: ann was at capacity at that moment (not the offline of now), cat lacked the skill', async () => {
    const e = await explainAt(convs.c2!, moments.bobTook!);
    expect(e.decision).toMatchObject({ agentId: agents.bob, rule: 'match' });
    expect(Object.fromEntries(e.decision.candidates.map((c: Candidate) => [c.agentId, c.because]))).toEqual({
      [agents.bob!]: 'chosen', [agents.ann!]: 'at_capacity', [agents.cat!]: 'missing_skill',
    });
    // Now everyone is offline: the present answer says so, the past one did not.
    expect((await s.api('GET', `/conversations/${convs.c2}/explain`)).body.decision.candidates.every((c: Candidate) => c.because === 'not_ready')).toBe(true);
  });

  it('before it existed; a bad or future moment is the caller\'s mistake (400)', async () => {
    expect(await explainAt(convs.c2!, moments.alone!)).toMatchObject({ status: 'not_created', decision: null, blockers: [], candidates: [] });
    for (const at of ['yesterday', '2026-11-24', '2999-01-01T00:00:00Z']) {
      expect(await s.api('GET', `/conversations/${convs.c1}/explain?at=${at}`)).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    }
  });
});

describe('GET /conversations/:id/explain?at= (offer mode, one dispatch place per agent)', () => {
  let s: TestServer;
  let channel = '';
  let dan = '';
  let c2 = '';
  let queuedAt = 0;
  const explainAt = async (id: string, at: number) => (await s.api('GET', `/conversations/${id}/explain?at=${new Date(at).toISOString()}`)).body;
  const ask = async (key: string) => (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: key }, text: 'help' })).body.conversationId as string;

  beforeAll(async () => {
    s = await startTestServer();
    expect((await s.api('PATCH', '/settings/routing', { mode: 'offer', dispatchPerAgent: 1 })).status).toBe(200);
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'Web', bot: false })).body.id;
    dan = (await s.api('POST', '/agents', { name: 'dan', email: 'dan@example.com', password: 'password-1', capacity: 1 })).body.id;
    await s.api('PUT', `/agents/${dan}/presence`, { presence: 'ready' });
  });
  afterAll(() => s?.close());

  it('OFFER_PENDING, then DISPATCH_LIMIT_FULL behind it; after the accept, the decision is offer_accepted', async () => {
    const c1 = await ask('o1');
    const offeredAt = s.clock.now();
    s.clock.advance(5_000);
    c2 = await ask('o2');
    queuedAt = s.clock.now();
    s.clock.advance(5_000);
    expect((await s.api('POST', `/conversations/${c1}/accept`, { agentId: dan })).status).toBe(200);
    const acceptedAt = s.clock.now();
    s.clock.advance(5_000);

    const offered = await explainAt(c1, offeredAt);
    expect(offered).toMatchObject({ status: 'dispatching', queuePosition: null, decision: null, blockers: [{ code: 'OFFER_PENDING' }] });
    expect(offered.blockers[0].detail).toBe(`offered to ${dan} until ${new Date(offeredAt + 30_000).toISOString()}; waiting for the agent to accept`);
    const behind = await explainAt(c2, queuedAt);
    expect(behind.status).toBe('waiting');
    expect(behind.blockers.map((b: { code: string }) => b.code)).toEqual(['AGENTS_AT_CAPACITY', 'DISPATCH_LIMIT_FULL']);
    expect(await explainAt(c1, acceptedAt)).toMatchObject({ status: 'processing', decision: { agentId: dan, rule: 'offer_accepted', candidates: [{ agentId: dan, because: 'chosen' }] } });
  });

  it('the routing settings of the moment: one dispatch place per ready agent then, five (and auto mode) now', async () => {
    const then = await explainAt(c2, queuedAt);
    expect((await s.api('PATCH', '/settings/routing', { mode: 'auto', dispatchPerAgent: 5 })).status).toBe(200);
    s.clock.advance(1_000);
    expect(await explainAt(c2, queuedAt)).toEqual(then);
    expect(then.blockers).toContainEqual({ code: 'DISPATCH_LIMIT_FULL', detail: '1 of 1 dispatch places are taken' });
  });
});

describe('GET /conversations/:id/explain?at= after capacity, skill and settings changes: the values of that moment', () => {
  let s: TestServer;
  let channel = '';
  const agents: Record<string, string> = {};
  const ask = async (key: string) => (await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: key }, text: 'help' })).body.conversationId as string;
  const explainAt = async (id: string, at: number) => (await s.api('GET', `/conversations/${id}/explain?at=${new Date(at).toISOString()}`)).body;
  const because = (e: { candidates: Candidate[] }) => Object.fromEntries(e.candidates.map((c) => [c.agentId, c.because]));
  let c2 = '';
  let before = 0;
  let then: { candidates: Candidate[] };

  beforeAll(async () => {
    s = await startTestServer();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'Web', bot: false, skills: ['english'] })).body.id;
    for (const [name, skills] of [['ann', ['english']], ['cat', ['french']]] as const) {
      agents[name] = (await s.api('POST', '/agents', { name, email: `${name}@example.com`, password: 'password-1', capacity: 1, skills })).body.id;
      await s.api('PUT', `/agents/${agents[name]}/presence`, { presence: 'ready' });
    }
    s.clock.advance(1_000);
  });
  afterAll(() => s?.close());

  it('c2 waited on ann\'s one seat and cat\'s missing english; after ann got 2 seats and cat english, the past still says so', async () => {
    const c1 = await ask('k1');
    s.clock.advance(1_000);
    c2 = await ask('k2');
    s.clock.advance(1_000);
    before = s.clock.now();
    then = await explainAt(c2, before);
    expect(then).toMatchObject({ status: 'dispatching', blockers: [{ code: 'AGENTS_AT_CAPACITY' }] });
    expect(because(then)).toEqual({ [agents.ann!]: 'at_capacity', [agents.cat!]: 'missing_skill' });
    s.clock.advance(1_000);
    expect((await s.api('PATCH', `/agents/${agents.ann}`, { capacity: 2 })).status).toBe(200);
    const raised = s.clock.now();
    s.clock.advance(1_000);
    expect((await s.api('PATCH', `/agents/${agents.cat}`, { skills: [{ name: 'english', level: 5 }] })).status).toBe(200);
    s.clock.advance(1_000);
    // The raise gave c2 to ann: the decision is ranked over the moment before it, ann with her new second seat, cat still without english.
    expect((await s.api('GET', `/conversations/${c2}`)).body).toMatchObject({ status: 'processing', assigneeId: agents.ann });
    const decided = await explainAt(c2, raised);
    expect(decided.decision).toMatchObject({ agentId: agents.ann, decidedAt: new Date(raised).toISOString() });
    expect(because(decided.decision)).toEqual({ [agents.ann!]: 'chosen', [agents.cat!]: 'missing_skill' });
    // The same moment asked again now answers what it answered then, not what today's capacity and skills would say.
    expect(await explainAt(c2, before)).toEqual(then);
    expect(c1).not.toBe(c2);
  });

  it('answers the same once that day of the recording is compacted (its rows are gone into a day row)', async () => {
    const { db } = s.container.deps;
    s.clock.advance(2 * 86_400_000);
    while (await compactReplayDay(db, s.workspaceId, s.clock.now()));
    const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM routing_inputs WHERE workspace_id = ${s.workspaceId} AND at <= ${before}::int8`.execute(db);
    expect(left.rows[0]!.n).toBe(0);
    expect(await explainAt(c2, before)).toEqual(then);
  });
});
