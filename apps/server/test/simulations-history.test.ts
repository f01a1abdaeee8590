import { decisionLine, type RoutingDecision } from '@switchboard/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedAwayPages, recordedDecisionPages, type TimedDecision } from '../src/simulations/history-reader.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { Driver, type Op } from './support/replay-driver.ts';

/**
 * The reproduction check's reading of the history (history-reader.ts): pages
 * of conversation_events / presence_events in (at, id) order, each after the
 * previous page's last row. The pages must neither skip nor repeat a row
 * where a page ends inside a run of rows at one millisecond, and the check
 * must still fail when the history says something else than the replay.
 */
describe('the reproduction check reads the history in pages', () => {
  let s: TestServer;
  let from: number;
  let to: number;
  const lines = async (pages: AsyncGenerator<TimedDecision[] | string>) => {
    const out: string[] = [];
    let count = 0;
    for await (const page of pages) {
      count++;
      if (typeof page === 'string') out.push(...page.split('\n'));
      else for (const { decision, at } of page) out.push(decisionLine(decision, at));
    }
    return { out, count };
  };

  beforeAll(async () => {
    s = await startTestServer();
    await s.api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 30 });
    const driver = new Driver(s);
    await driver.setup(2);
    from = s.clock.now();
    // Hand-offs at one millisecond (dispatch and offer share it), answers, a missed offer, closes.
    const ops: Op[] = [
      { kind: 'ask', channel: 0 },
      { kind: 'ask', channel: 0 },
      { kind: 'ask', channel: 1 },
      { kind: 'answer', pick: 0, accept: true },
      { kind: 'answer', pick: 0, accept: false },
      { kind: 'wait', ms: 31_000 },
      { kind: 'ask', channel: 0 },
      { kind: 'answer', pick: 0, accept: true },
      { kind: 'close', pick: 0 },
      { kind: 'ask', channel: 1 },
      { kind: 'wait', ms: 5_000 },
    ];
    for (const op of ops) await driver.run(op);
    s.clock.advance(1);
    to = s.clock.now();
  }, 120_000);
  afterAll(async () => {
    await s.close();
  });

  it('pages of any size give every decision once, in (at, id) order, which is the history order', async () => {
    const db = s.container.deps.db;
    const conversation = (await db.selectFrom('conversations').select('id').where('workspace_id', '=', s.workspaceId).executeTakeFirstOrThrow()).id;
    // Five more decisions at one millisecond (each to another agent, so each line differs), a row of another type
    // among them, one at the period's end (out), and one of another workspace (out).
    const tie = from + 2;
    const row = (workspace: string, at: number, type: string, agentId: string) => ({
      workspace_id: workspace,
      conversation_id: conversation,
      at,
      type,
      cause: 'match',
      actor_type: 'system',
      data: JSON.stringify({ agentId }),
    });
    await db
      .insertInto('conversation_events')
      .values([
        ...[1, 2, 3].map((n) => row(s.workspaceId, tie, 'assigned', `tie_${n}`)),
        row(s.workspaceId, tie, 'bot_reply', 'not_a_decision'),
        ...[4, 5].map((n) => row(s.workspaceId, tie, 'assigned', `tie_${n}`)),
        row(s.workspaceId, to, 'assigned', 'at_the_end'),
        row('another_workspace', tie, 'assigned', 'elsewhere'),
      ])
      .execute();
    // The expected list from one read of the whole table, filtered and ordered here.
    const all = await sql<{ id: number; at: number; type: string; workspace_id: string; data: { agentId?: string } }>`
      SELECT id, at, type, workspace_id, data FROM conversation_events`.execute(db);
    const expected = all.rows
      .filter((r) => r.workspace_id === s.workspaceId && r.at >= from && r.at < to && r.type !== 'bot_reply')
      .sort((a, b) => a.at - b.at || a.id - b.id);
    const whole = await lines(recordedDecisionPages(db, s.workspaceId, from, to));
    expect(whole.count).toBe(1);
    expect(whole.out.filter((l) => l.includes(' tie_'))).toEqual([1, 2, 3, 4, 5].map((n) => `${tie} assigned ${conversation} tie_${n} match`));
    expect(whole.out.some((l) => l.includes('at_the_end') || l.includes('elsewhere') || l.includes('not_a_decision'))).toBe(false);
    // Every status change the routing wrote is a decision here except the ones lineOf skips (e.g. into processing).
    expect(whole.out.length).toBeGreaterThan(10);
    expect(whole.out.length).toBeLessThanOrEqual(expected.length);
    // Page boundaries inside the run of rows at `tie` (and at every other shared millisecond) change nothing.
    for (const size of [1, 2, 3, 4, 7]) {
      const paged = await lines(recordedDecisionPages(db, s.workspaceId, from, to, size));
      expect(paged.out).toEqual(whole.out);
      expect(paged.count).toBeGreaterThanOrEqual(Math.ceil(whole.out.length / size));
    }
    // Nor do the windows of recorded time read at once (decision 0036), with pages inside them (a millisecond is never split: windows split by time).
    for (const [size, windowMs] of [
      [2, 250],
      [3, 1000],
      [1000, 3],
      [4, 7000],
    ]) {
      const windowed = await lines(recordedDecisionPages(db, s.workspaceId, from, to, size, windowMs));
      expect(windowed.out).toEqual(whole.out);
    }
    // The routing's own rows: (at, id) order is their id order (the engine's clock does not go back in lock order).
    const routed = expected.filter((r) => !(r.data.agentId ?? '').startsWith('tie_'));
    expect(routed.map((r) => r.id)).toEqual([...routed].sort((a, b) => a.id - b.id).map((r) => r.id));
    // ~40 reads of pages as small as one row: 13 s on PGlite with the JSON pages, ~25 s with the text pages.
  }, 120_000);

  it('each history row becomes the line decisionLine makes of its decision (PostgreSQL writes the lines)', async () => {
    const db = s.container.deps.db;
    const at = to + 60_000;
    const c = (await db.selectFrom('conversations').select('id').where('workspace_id', '=', s.workspaceId).executeTakeFirstOrThrow()).id;
    const row = (type: string, cause: string, data: object, fromStatus: string | null = null, toStatus: string | null = null) => ({
      workspace_id: s.workspaceId,
      conversation_id: c,
      at,
      type,
      from_status: fromStatus,
      to_status: toStatus,
      cause,
      actor_type: 'system',
      data: JSON.stringify(data),
    });
    await db
      .insertInto('conversation_events')
      .values([
        row('status_changed', 'fill', {}, 'waiting', 'dispatching'),
        row('status_changed', 'swapped_out', {}, 'dispatching', 'waiting'),
        row('status_changed', 'first_reply_timeout', {}, 'processing', 'waiting'),
        row('status_changed', 'offer_accepted', {}, 'dispatching', 'processing'),
        row('status_changed', 'created', {}, null, 'waiting'),
        row('offered', 'match', { agentId: 'agent_a', expiresAt: at + 30_000 }),
        row('offer_withdrawn', 'rejected', { agentId: 'agent_a' }),
        row('assigned', 'sticky', { agentId: 'agent_b' }),
        row('assigned', 'transfer', {}),
        row('requirements_relaxed', 'waited', { to: ['billing', 'en'] }),
        row('requirements_relaxed', 'waited', { to: [] }),
        row('requirements_relaxed', 'waited', {}),
      ])
      .execute();
    const expected = [
      { type: 'dispatched', conversationId: c, reason: 'fill' },
      { type: 'requeued', conversationId: c, reason: 'swapped_out' },
      { type: 'requeued', conversationId: c, reason: 'first_reply_timeout' },
      { type: 'offered', conversationId: c, agentId: 'agent_a', expiresAt: at + 30_000, reason: 'match' },
      { type: 'offer_withdrawn', conversationId: c, agentId: 'agent_a', reason: 'rejected' },
      { type: 'assigned', conversationId: c, agentId: 'agent_b', reason: 'sticky' },
      { type: 'assigned', conversationId: c, agentId: '', reason: 'transfer' },
      { type: 'relaxed', conversationId: c, previousSkills: [], skills: ['billing', 'en'], reason: 'waited' },
      { type: 'relaxed', conversationId: c, previousSkills: [], skills: [], reason: 'waited' },
      { type: 'relaxed', conversationId: c, previousSkills: [], skills: [], reason: 'waited' },
    ] as RoutingDecision[];
    const out = (await lines(recordedDecisionPages(db, s.workspaceId, at, at + 1))).out;
    expect(out).toEqual(expected.map((d) => decisionLine(d, at)));
    expect(out[0]).toBe(`${at} dispatched ${c} fill`);
    expect(out[3]).toBe(`${at} offered ${c} agent_a ${at + 30_000} match`);
    expect(out[7]).toBe(`${at} relaxed ${c} billing,en`);
    // A page boundary among them changes nothing.
    expect((await lines(recordedDecisionPages(db, s.workspaceId, at, at + 1, 3))).out).toEqual(out);
  });

  it('the missed-offer aways page the same way', async () => {
    const db = s.container.deps.db;
    const agent = (await db.selectFrom('agents').select('id').where('workspace_id', '=', s.workspaceId).executeTakeFirstOrThrow()).id;
    const at = from + 3;
    const away = (reason: string, actor: string | null) => ({ workspace_id: s.workspaceId, agent_id: agent, at, presence: 'away', reason, actor_id: actor });
    await db
      .insertInto('presence_events')
      .values([away('missed', null), away('missed', null), away('manual', null), away('missed', 'someone'), away('missed', null)])
      .execute();
    const whole = await lines(recordedAwayPages(db, s.workspaceId, from, to));
    const ours = whole.out.filter((l) => l.startsWith(`${at} `));
    expect(ours).toEqual([`${at} away ${agent}`, `${at} away ${agent}`, `${at} away ${agent}`]);
    for (const size of [1, 2, 4]) expect((await lines(recordedAwayPages(db, s.workspaceId, from, to, size))).out).toEqual(whole.out);
  });
});

describe('the reproduction check fails where the history differs', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s.close();
  });

  it('a planted difference in one history row makes the replay not reproduce, and is shown', async () => {
    const driver = new Driver(s);
    await driver.setup(2);
    const from = s.clock.now();
    for (const op of [
      { kind: 'ask', channel: 0 },
      { kind: 'wait', ms: 1_000 },
      { kind: 'ask', channel: 0 },
      { kind: 'close', pick: 0 },
    ] as Op[])
      await driver.run(op);
    s.clock.advance(1);
    const period = { from: new Date(from).toISOString(), to: new Date(s.clock.now()).toISOString() };
    const clean = await s.api('POST', '/simulations', period);
    expect(clean.body.reproduced).toBe(true);
    expect(clean.body.check.compared).toBeGreaterThanOrEqual(2);

    const db = s.container.deps.db;
    const assigned = await db
      .selectFrom('conversation_events')
      .select(['id', 'data', 'at'])
      .where('workspace_id', '=', s.workspaceId)
      .where('type', '=', 'assigned')
      .where('at', '>=', from)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    // Another agent in the history: the replay's assignment is the same, the history's is not.
    await db
      .updateTable('conversation_events')
      .set({ data: JSON.stringify({ ...assigned.data, agentId: 'agent_planted' }) })
      .where('id', '=', assigned.id)
      .execute();
    const planted = await s.api('POST', '/simulations', period);
    expect(planted.body.reproduced).toBe(false);
    expect(planted.body.check.firstDifference.recorded).toContain('agent_planted');
    expect(planted.body.check.firstDifference.simulated).toContain((assigned.data as { agentId: string }).agentId);

    // The same agent a millisecond later: the time is compared too.
    await db
      .updateTable('conversation_events')
      .set({ data: JSON.stringify(assigned.data), at: assigned.at + 1 })
      .where('id', '=', assigned.id)
      .execute();
    const later = await s.api('POST', '/simulations', period);
    expect(later.body.reproduced).toBe(false);
    expect(later.body.check.firstDifference.recorded).toMatch(new RegExp(`^${assigned.at + 1} assigned`));

    await db.updateTable('conversation_events').set({ at: assigned.at }).where('id', '=', assigned.id).execute();
    expect((await s.api('POST', '/simulations', period)).body.reproduced).toBe(true);
  }, 120_000);
});
