import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { dropDatabase, freshPostgresDatabase, startTestServer } from '../apps/server/test/harness.ts';

/**
 * Where the time under the workspace's routing lock goes, as statements
 * (issue #13): every statement the server sends is counted by a plugin on
 * its database (BEGIN and COMMIT are not statements a plugin sees: +1 for
 * each routing transaction's COMMIT, which is under the lock too). First one
 * request at a time — a new customer's hand-off, an agent's close — split at
 * the lock statement (the UPDATE of workspaces.routing_version); then one
 * batch: the workspace's routing turn is held in memory while N closes and N
 * new customers' hand-offs queue behind it, then released, and the
 * statements the batch sends are counted.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/routing-statements.ts
 */
const N = Number(process.env.BENCH_BATCH ?? 10);

let statements = 0;
let lockAt = -1;
const isLock = (node: RootOperationNode) => JSON.stringify(node).includes('routing_version');
const counter: KyselyPlugin = {
  transformQuery: (args) => {
    statements++;
    if (lockAt < 0 && isLock(args.node)) lockAt = statements;
    return args.node;
  },
  transformResult: async (args) => args.result,
};

const heldSeconds = { held: 0, n: 0 };
const heldTotals = () => heldSeconds;

const url = await freshPostgresDatabase();
if (!url) throw new Error('TEST_DATABASE_URL (PostgreSQL) is needed');
const s = await startTestServer({ databaseUrl: url, wrapDb: (db) => db.withPlugin(counter) });
s.container.deps.routing.lockObservers.push((_wait, held) => {
  heldSeconds.held += held;
  heldSeconds.n++;
});
try {
  const channel = (await s.api('POST', '/channels', { type: 'api', name: 'direct', bot: false })).body.id;
  const agents: string[] = [];
  for (let i = 0; i < 10; i++) {
    const id = (await s.api('POST', '/agents', { name: `a${i}`, email: `a${i}@count.local`, capacity: 10 })).body.id;
    await s.api('PUT', `/agents/${id}/presence`, { presence: 'ready' });
    agents.push(id);
  }
  let contact = 0;
  const inbound = () => s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId: `c${contact++}` }, text: 'I need a person' });
  const measure = async (what: () => Promise<unknown>) => {
    statements = 0;
    lockAt = -1;
    await what();
    return { total: statements, underLock: lockAt < 0 ? 0 : statements - lockAt + 2 }; // the lock statement itself and COMMIT
  };
  // Warm the caches (tokens, channel, engine) first.
  for (let i = 0; i < 5; i++) await inbound();
  const handoffs = [];
  const assigned: Array<{ id: string; agentId: string }> = [];
  for (let i = 0; i < 10; i++) {
    let id = '';
    handoffs.push(await measure(async () => (id = (await inbound()).body.conversationId)));
    assigned.push({ id, agentId: (await s.api('GET', `/conversations/${id}`)).body.assigneeId });
  }
  const closes = [];
  for (const c of assigned) closes.push(await measure(() => s.api('POST', `/conversations/${c.id}/close`, { agentId: c.agentId })));
  const mean = (xs: Array<{ total: number; underLock: number }>, k: 'total' | 'underLock') => xs.reduce((a, x) => a + x[k], 0) / xs.length;
  console.log('\n| request, one at a time | statements | under the lock (with COMMIT) |');
  console.log('|---|---:|---:|');
  console.log(`| new customer's hand-off | ${mean(handoffs, 'total').toFixed(1)} | ${mean(handoffs, 'underLock').toFixed(1)} |`);
  console.log(`| agent's close | ${mean(closes, 'total').toFixed(1)} | ${mean(closes, 'underLock').toFixed(1)} |`);

  // One batch: N closes and N hand-offs queued behind a held turn.
  const toClose: Array<{ id: string; agentId: string }> = [];
  for (let i = 0; i < N; i++) {
    const id = (await inbound()).body.conversationId;
    toClose.push({ id, agentId: (await s.api('GET', `/conversations/${id}`)).body.assigneeId });
  }
  const { deps } = s.container;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const held = deps.routing.batches.run(deps, s.workspaceId, () => gate);
  const queued = [...toClose.map((c) => s.api('POST', `/conversations/${c.id}/close`, { agentId: c.agentId })), ...Array.from({ length: N }, inbound)];
  // Until every request has queued behind the turn (the inbound ones after their own COMMIT).
  const waiting = () => ((deps.routing.batches as unknown as { waiting: Map<string, unknown[]> }).waiting.get(s.workspaceId)?.length ?? 0);
  for (let i = 0; i < 1000 && waiting() < 2 * N; i++) await new Promise((r) => setTimeout(r, 5));
  const queuedCount = waiting();
  statements = 0;
  lockAt = -1;
  const lockBefore = { ...heldTotals() };
  const t0 = performance.now();
  open();
  await held;
  const results = await Promise.all(queued);
  const answeredMs = performance.now() - t0;
  const lock = heldTotals();
  const batch = statements;
  const failures = results.filter((r) => r.status !== 200 && r.status !== 201);
  const failed = failures.length;
  for (const f of failures.slice(0, 3)) console.log('failed:', f.status, JSON.stringify(f.body).slice(0, 300));
  console.log(`\nOne batch of ${N} closes + ${N} new customers' hand-offs (${queuedCount} queued behind the turn, ${failed} failed): ${batch} statements after the turn was released, +1 COMMIT;`);
  console.log(`lock held ${((lock.held - lockBefore.held) * 1000).toFixed(1)} ms over ${lock.n - lockBefore.n} routing transaction(s); all answered after ${answeredMs.toFixed(1)} ms`);
} finally {
  await s.close();
  await dropDatabase(url);
}
