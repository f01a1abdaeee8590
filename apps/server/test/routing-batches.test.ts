import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../src/platform/stream-event.ts';
import type { BulkKind } from '../src/routing/routing-batches.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * Group commit for routing (routing/routing-batches.ts): requests queued behind one workspace's
 * routing lock share one transaction, each in its own savepoint.
 */
describe('routing requests queued behind one lock', () => {
  let s: TestServer;
  let channelId: string;
  beforeAll(async () => {
    s = await startTestServer();
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
  });
  afterAll(() => s.close());

  const agent = async (name: string, capacity = 1) => {
    const id = (await s.api('POST', '/agents', { name, email: `${name}@batch.test`, capacity })).body.id as string;
    await s.api('PUT', `/agents/${id}/presence`, { presence: 'ready' });
    return id;
  };
  const ask = async (externalId: string) =>
    (await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text: 'a person please' })).body.conversationId as string;

  /** Holds the workspace's routing turn until `open()`: whatever is sent meanwhile queues and runs as one batch. */
  function holdTurn() {
    const { deps } = s.container;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = deps.routing.batches.run(deps, s.workspaceId, async (tx) => {
      await deps.routing.begin(tx, s.workspaceId);
      await gate;
    });
    return { open, held };
  }

  it('runs them in one transaction; one that fails answers its own error and the others commit', async () => {
    const { deps } = s.container;
    const a = await agent('batch-a');
    const b = await agent('batch-b');
    const first = await ask('batch-1');
    const second = await ask('batch-2');
    const assigneeOf = async (id: string) => (await s.api('GET', `/conversations/${id}`)).body.assigneeId as string;
    const [firstAgent, secondAgent] = [await assigneeOf(first), await assigneeOf(second)];
    expect(new Set([firstAgent, secondAgent])).toEqual(new Set([a, b]));

    const txid = (label: string) =>
      deps.routing.batches.run(deps, s.workspaceId, async (tx) => {
        await deps.routing.begin(tx, s.workspaceId);
        const { rows } = await sql<{ id: string }>`SELECT txid_current()::text AS id`.execute(tx.db);
        return `${label}:${rows[0]!.id}`;
      });
    const handled = async () => {
      const ws = await sql<{ handle_times: Record<string, { count: number }> }>`SELECT handle_times FROM workspaces WHERE id = ${s.workspaceId}`.execute(deps.db);
      return ws.rows[0]!.handle_times['*']?.count ?? 0;
    };
    const handledBefore = await handled();
    const { open, held } = holdTurn();
    const closes = [
      s.api('POST', `/conversations/${first}/close`, { agentId: firstAgent }),
      s.api('POST', `/conversations/${first}/close`, { agentId: firstAgent }), // closed by the one before it
      s.api('POST', `/conversations/${second}/close`, { agentId: secondAgent }),
    ];
    const txids = [txid('x'), txid('y')];
    await new Promise((r) => setTimeout(r, 50));
    open();
    await held;
    const [closeFirst, closeAgain, closeSecond] = await Promise.all(closes);
    const [x, y] = await Promise.all(txids);
    expect(closeFirst.status).toBe(200);
    expect(closeAgain.status).toBe(409);
    expect(closeAgain.body.error.code).toBeDefined();
    expect(closeSecond.status).toBe(200);
    expect(String(x).split(':')[1]).toBe(String(y).split(':')[1]);
    expect((await s.api('GET', `/conversations/${first}`)).body.status).toBe('completed');
    expect((await s.api('GET', `/conversations/${second}`)).body.status).toBe('completed');
    const routing = (await s.api('GET', '/routing')).body;
    expect(routing.agents.filter((x: { id: string }) => x.id === a || x.id === b).map((x: { load: number }) => x.load)).toEqual([0, 0]);
    // Both completions reach the service rate (R12), written once for the shared transaction.
    expect(await handled()).toBe(handledBefore + 2);
  });

  // A unit that moved the engine and then failed must not leave its change in the cached engine.
  it('rebuilds the engine when a unit that changed it rolls back, and publishes none of its events', async () => {
    const { deps } = s.container;
    for (const other of (await s.api('GET', '/agents')).body.items) await s.api('PUT', `/agents/${other.id}/presence`, { presence: 'offline' });
    const c = await agent('batch-c', 1);
    const heard: StreamEvent[] = [];
    const stop = deps.bus.subscribe((e) => heard.push(e));
    const { open, held } = holdTurn();
    const failing = deps.routing.batches.run(deps, s.workspaceId, async (tx) => {
      const routing = await deps.routing.begin(tx, s.workspaceId);
      await tx.db.updateTable('agents').set({ presence: 'away' }).where('id', '=', c).execute();
      tx.emit({ type: 'agent.presence_changed', workspaceId: s.workspaceId, data: { id: c, presence: 'away', reason: null } });
      await routing.apply({ type: 'presence_changed', agentId: c, presence: 'away' });
      throw new Error('failed after the engine moved');
    });
    // Queued with it, so the two run as one transaction (a unit alone is an ordinary transaction).
    const alongside = deps.routing.batches.run(deps, s.workspaceId, async (tx) => (await deps.routing.begin(tx, s.workspaceId)).engine.conversation('none'));
    const later = ask('batch-3');
    await new Promise((r) => setTimeout(r, 50));
    open();
    await held;
    await expect(failing).rejects.toThrow('failed after the engine moved');
    await alongside;
    const conversation = await later;
    stop();
    // The rolled-back change never happened: c is still ready to the engine and gets the next customer.
    expect((await s.api('GET', `/conversations/${conversation}`)).body.assigneeId).toBe(c);
    expect((await s.api('GET', '/agents')).body.items.find((x: { id: string }) => x.id === c).presence).toBe('ready');
    expect(heard.some((e) => e.type === 'agent.presence_changed' && (e.data as { id: string }).id === c)).toBe(false);
  });

  // Decision 0044: a bulk step runs without a savepoint; failing, the batch runs again with one around each step.
  it('runs a batch again with savepoints when a bulk step fails without one: the others commit once, the failed kind answers from its own units', async () => {
    const { deps } = s.container;
    const d = await agent('batch-d', 2);
    const assignedToD = async () => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM conversations WHERE workspace_id = ${s.workspaceId} AND assignee_id = ${d}`.execute(deps.db)).rows[0]!.n);
    const before = await assignedToD();
    let calls = 0;
    const failing: BulkKind<string> = {
      all: async (tx, _session, _ids, _ws, requests) => {
        calls++;
        // A statement error aborts the transaction: only a savepoint (the second try) keeps the rest.
        await sql`SELECT 1 / (${requests.length} - ${requests.length})`.execute(tx.db);
        return requests;
      },
    };
    const retriesBefore = deps.routing.batches.bulkRetries;
    const { open, held } = holdTurn();
    const own = (label: string) => async () => `${label} alone`;
    const asked = ['p', 'q'].map((label) => deps.routing.batches.bulk(deps, s.workspaceId, failing, label, own(label)));
    const conversation = ask('batch-4');
    await new Promise((r) => setTimeout(r, 50));
    open();
    await held;
    expect(await Promise.all(asked)).toEqual(['p alone', 'q alone']);
    // The hand-off in the same batch was done once, in the second try.
    const id = await conversation;
    expect((await s.api('GET', `/conversations/${id}`)).body.assigneeId).toBe(d);
    expect(await assignedToD()).toBe(before + 1);
    expect(calls).toBe(2);
    expect(deps.routing.batches.bulkRetries).toBe(retriesBefore + 1);
    const history = await sql<{ n: string }>`SELECT count(*)::text AS n FROM conversation_events WHERE conversation_id = ${id} AND to_status = 'processing'`.execute(deps.db);
    expect(history.rows[0]!.n).toBe('1');
  });
});
