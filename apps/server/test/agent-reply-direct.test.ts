import type { KyselyPlugin } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyInTransaction } from '../src/conversations/agent-messages.ts';
import { replyDirect } from '../src/conversations/agent-reply-direct.ts';
import { inboundBatches } from '../src/inbound/inbound-batches.ts';
import { writePaths } from '../src/db/write-paths.ts';
import { dropDatabase, freshPostgresDatabase, startTestServer, type TestServer } from './harness.ts';

/**
 * An agent's plain reply on the direct path (conversations/agent-reply-direct.ts, issue #13): two
 * statements, no transaction, the conversation's row locked for one statement only; the same rows
 * and deadline as the transactional path; a row held elsewhere is skipped, not waited for.
 */
describe('direct agent reply', () => {
  let s: TestServer;
  let channelId: string;
  let agentId: string;
  let statements: string[] = [];
  let counting = false;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      // A raw statement's first words, else the kind of a built one (selects, updates: the transactional path's).
      const raw = (args.node as { sqlFragments?: string[] }).sqlFragments?.[0]?.trim().split(/\s+/).slice(0, 3).join(' ');
      if (counting) statements.push(raw ?? args.node.kind);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };

  beforeAll(async () => {
    s = await startTestServer({ wrapDb: (db) => db.withPlugin(counter) });
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    agentId = (await s.api('POST', '/agents', { name: 'Ren', email: 'ren@direct.test', capacity: 50 })).body.id;
    await s.api('PUT', `/agents/${agentId}/presence`, { presence: 'ready' });
    await s.api('PATCH', '/settings/routing', { firstReplySeconds: 30, customerIdleSeconds: 90, customerIdleCloseSeconds: 300 });
  });
  afterAll(() => s.close());

  let contact = 0;
  /** A conversation assigned to the agent, with a customer message in it. */
  async function served(): Promise<string> {
    const res = await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `reply-${contact++}` }, text: 'a person please' });
    expect(res.status).toBe(201);
    const id = res.body.conversationId as string;
    await expect.poll(async () => (await s.api('GET', `/conversations/${id}`)).body.status).toBe('processing');
    return id;
  }

  const conversation = (id: string) => s.container.deps.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const messages = (id: string) => s.container.deps.db.selectFrom('messages').selectAll().where('conversation_id', '=', id).orderBy('seq').execute();

  it('is two statements and no transaction for a plain reply', async () => {
    const id = await served();
    statements = [];
    counting = true;
    const res = await s.api('POST', `/conversations/${id}/messages`, { text: 'Looking now', agentId });
    counting = false;
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sender: 'agent', agentId, text: 'Looking now', delivery: 'sent', attachments: [] });
    // The transactional path sent 9 (agent, lock, channel twice, activity, settings, counter, delivery, timer).
    // The stream's numbering (WITH bump …) is the event's, on every path.
    expect(statements.filter((t) => !t.startsWith('WITH bump'))).toEqual(['SELECT k.i AS', 'WITH x AS']);
  });

  it('stores the same message, counter and R13 deadline as the transactional path', async () => {
    const [a, b] = [await served(), await served()];
    s.clock.advance(5_000);
    await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `reply-${contact - 2}` }, text: 'still here' });
    await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `reply-${contact - 1}` }, text: 'still here' });
    s.clock.advance(2_000);
    const direct = await replyDirect(s.container.deps, { workspaceId: s.workspaceId, conversationId: a, agentId }, { text: 'On it' });
    expect(direct).toBeDefined();
    const principal = { workspaceId: s.workspaceId, role: 'admin', agentId: null } as never;
    await replyInTransaction(s.container.deps, principal, b, agentId, { text: 'On it' });
    const shape = (m: Record<string, unknown>) => ({ ...m, id: undefined, conversation_id: undefined, search: undefined });
    const [ma, mb] = [await messages(a), await messages(b)];
    expect(ma.map(shape)).toEqual(mb.map(shape));
    const [ca, cb] = [await conversation(a), await conversation(b)];
    const pick = (c: typeof ca) => ({ message_count: c.message_count, timer_at: c.timer_at, updated_at: c.updated_at, version: c.version, status: c.status });
    expect(pick(ca)).toEqual(pick(cb));
    // The agent answered: the first-reply deadline is gone, the customer-idle one counts from now.
    expect(Number(ca.timer_at)).toBe(s.clock.now() + 90_000);
  });

  it('declines what the transactional path must check, which answers as before', async () => {
    const id = await served();
    const other = (await s.api('POST', '/agents', { name: 'Uma', email: 'uma@direct.test', capacity: 5 })).body.id;
    expect(await replyDirect(s.container.deps, { workspaceId: s.workspaceId, conversationId: id, agentId: other }, { text: 'mine?' })).toBeUndefined();
    expect((await s.api('POST', `/conversations/${id}/messages`, { text: 'mine?', agentId: other })).body.error.code).toBe('NOT_ASSIGNEE');
    expect(await replyDirect(s.container.deps, { workspaceId: 'ws_elsewhere', conversationId: id, agentId }, { text: 'x' })).toBeUndefined();
    expect(await replyDirect(s.container.deps, { workspaceId: s.workspaceId, conversationId: id, agentId }, { text: 'x', cannedResponseId: 'cr_1' })).toBeUndefined();
    await s.api('POST', `/conversations/${id}/close`, { agentId });
    expect(await replyDirect(s.container.deps, { workspaceId: s.workspaceId, conversationId: id, agentId }, { text: 'late' })).toBeUndefined();
    expect((await s.api('POST', `/conversations/${id}/messages`, { text: 'late', agentId })).body.error.code).toBe('INVALID_TRANSITION');
  });

  it('stores nothing when the conversation changed between the read and the write', async () => {
    const id = await served();
    const before = (await messages(id)).length;
    await sql`UPDATE conversations SET version = version + 1 WHERE id = ${id}`.execute(s.container.deps.db);
    const res = await s.api('POST', `/conversations/${id}/messages`, { text: 'after the change', agentId });
    // Declined and done by the transactional path: stored once.
    expect(res.status).toBe(201);
    expect((await messages(id)).map((m) => m.text).slice(before)).toEqual(['after the change']);
  });
});

/**
 * A write batch never waits for a row another transaction holds (a routing batch closing or
 * assigning it): waiting would hold every row it locked before, and the routing batch waiting for
 * one of those holds the workspace's lock meanwhile. PostgreSQL only: PGlite has one connection.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('direct writes skip a row held elsewhere (PostgreSQL)', () => {
  let s: TestServer;
  let channelId: string;
  let agentId: string;
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = (await freshPostgresDatabase())!;
    s = await startTestServer({ databaseUrl });
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    agentId = (await s.api('POST', '/agents', { name: 'Kai', email: 'kai@skip.test', capacity: 50 })).body.id;
    await s.api('PUT', `/agents/${agentId}/presence`, { presence: 'ready' });
  });
  afterAll(async () => {
    await s.close();
    await dropDatabase(databaseUrl);
  });

  let contact = 0;
  async function served(): Promise<{ id: string; externalId: string }> {
    const externalId = `skip-${contact++}`;
    const id = (await s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId }, text: 'a person please' })).body.conversationId as string;
    await expect.poll(async () => (await s.api('GET', `/conversations/${id}`)).body.status).toBe('processing');
    return { id, externalId };
  }

  /** Holds a conversation's row in a transaction of another connection until released. */
  async function holdRow(id: string) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query('BEGIN');
    await client.query('SELECT id FROM conversations WHERE id = $1 FOR UPDATE', [id]);
    return async () => {
      await client.query('COMMIT');
      await client.end();
    };
  }

  /** Settles to the promise's value, or 'waiting' if it has not settled after `ms`. */
  const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), ms))]);

  it('an agent reply skips a held row, its neighbour in the batch is stored, and it is stored once the row is free', async () => {
    const [held, free] = [await served(), await served()];
    const release = await holdRow(held.id);
    const deps = s.container.deps;
    let heldReply: ReturnType<typeof replyDirect> | undefined;
    try {
      heldReply = replyDirect(deps, { workspaceId: s.workspaceId, conversationId: held.id, agentId }, { text: 'held' });
      const freeReply = replyDirect(deps, { workspaceId: s.workspaceId, conversationId: free.id, agentId }, { text: 'free' });
      const answered = await within(freeReply, 3_000);
      expect(answered).not.toBe('waiting');
      expect((answered as Awaited<typeof freeReply>)?.text).toBe('free');
      // The held one waits, alone, for its row.
      expect(await within(heldReply, 300)).toBe('waiting');
    } finally {
      await release();
    }
    expect((await heldReply)?.text).toBe('held');
  });

  it('a customer message whose row is held waits for it alone and is still stored directly', async () => {
    const c = await served();
    const release = await holdRow(c.id);
    const before = { ...writePaths };
    let sent: Promise<{ status: number }> | undefined;
    try {
      sent = s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: c.externalId }, text: 'while held' });
      expect(await within(sent, 500)).toBe('waiting');
    } finally {
      await release();
    }
    expect((await sent)?.status).toBe(200);
    expect(writePaths.inboundDirect - before.inboundDirect).toBe(1);
    expect(writePaths.inboundTransactional - before.inboundTransactional).toBe(0);
  });

  it('a customer message skips a held row and its neighbour in the batch is stored', async () => {
    const [held, free] = [await served(), await served()];
    const batches = inboundBatches(s.container.deps.db);
    const [kh, kf] = await Promise.all([held, free].map((c) => batches.read.submit({ channelId, externalId: c.externalId })));
    const release = await holdRow(held.id);
    try {
      const now = s.clock.now();
      const write = (k: NonNullable<typeof kh>, text: string) =>
        batches.write.submit({
          conversationId: k.id,
          version: k.version,
          now,
          deadline: null,
          messages: [{ n: 1, id: s.container.deps.ids.next('msg'), workspace_id: k.workspace_id, channel_id: k.channel_id, sender: 'customer', text, attachments: [], external_id: null, delivery: null, created_at: now }],
          outbox: [],
          history: [],
        });
      const both = Promise.all([write(kh!, 'held'), write(kf!, 'free')]);
      const answered = await within(both, 3_000);
      expect(answered).not.toBe('waiting');
      const [a, b] = answered as Awaited<typeof both>;
      expect(a).toBeUndefined();
      expect(b?.map((m) => m.text)).toEqual(['free']);
    } finally {
      await release();
    }
  });
});
