import type { Kysely, KyselyPlugin } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDueWrapUps } from '../src/agent-tools/wrap-up.ts';
import { inTransaction } from '../src/platform/tx.ts';
import { startTestServer, type TestServer } from './harness.ts';

/**
 * What a routing batch costs while it holds the workspace's lock (issue #13, decision 0024): a batch's
 * plain closes and its new customers' hand-offs are done for all at once, so the statements a batch
 * sends do not grow with the number of closes or hand-offs in it.
 */
describe('statements of one routing batch', () => {
  let s: TestServer;
  let channelId: string;
  let statements = 0;
  // The texts too: a statement whose text grows with the batch is planned again for each size (db/unnest.ts).
  let texts = new Set<string>();
  let compiler: ReturnType<Kysely<DB>['getExecutor']> | null = null;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements++;
      if (compiler) texts.add(compiler.compileQuery(args.node, args.queryId).sql);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  beforeAll(async () => {
    s = await startTestServer({
      wrapDb: (db) => {
        compiler = db.getExecutor();
        return db.withPlugin(counter);
      },
    });
    channelId = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: false })).body.id;
    for (let i = 0; i < 4; i++) {
      const id = (await s.api('POST', '/agents', { name: `s${i}`, email: `s${i}@count.test`, capacity: 20 })).body.id;
      await s.api('PUT', `/agents/${id}/presence`, { presence: 'ready' });
    }
  });
  afterAll(() => s.close());

  let contact = 0;
  const ask = () => s.api('POST', `/channels/${channelId}/inbound`, { contact: { externalId: `count-${contact++}` }, text: 'a person please' });
  const queuedBehindTurn = () => (s.container.deps.routing.batches as unknown as { waiting: Map<string, unknown[]> }).waiting.get(s.workspaceId)?.length ?? 0;

  /** Holds the workspace's routing turn while `send` queues `n` requests behind it; the statements the batch then sends. */
  async function batchOf(n: number, send: () => Array<Promise<{ status: number }>>) {
    const { statements: count, answers, texts: sent } = await batchAnswers(n, send);
    for (const a of answers) expect([200, 201]).toContain(a.status);
    return { count, texts: [...sent].sort() };
  }

  /** batchOf, answering each request's answer as well (some may be refused). */
  async function batchAnswers<A extends { status: number }>(n: number, send: () => Array<Promise<A>>) {
    const { deps } = s.container;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = deps.routing.batches.run(deps, s.workspaceId, () => gate);
    const sent = send();
    for (let i = 0; i < 2000 && queuedBehindTurn() < n; i++) await new Promise((r) => setTimeout(r, 5));
    // Opened whatever happens: a turn left held would stall every test after this one.
    if (queuedBehindTurn() !== n) open();
    expect(queuedBehindTurn()).toBe(n);
    statements = 0;
    texts = new Set();
    open();
    await held;
    const answers = await Promise.all(sent);
    return { statements, answers, texts };
  }

  const assigned = async (n: number) => {
    const out: Array<{ id: string; agentId: string }> = [];
    for (let i = 0; i < n; i++) {
      const id = (await ask()).body.conversationId as string;
      out.push({ id, agentId: (await s.api('GET', `/conversations/${id}`)).body.assigneeId });
    }
    return out;
  };
  const closes = (list: Array<{ id: string; agentId: string }>) => () => list.map((c) => s.api('POST', `/conversations/${c.id}/close`, { agentId: c.agentId }));

  it('is the same for 2 plain closes as for 8', async () => {
    const few = await batchOf(2, closes(await assigned(2)));
    const many = await batchOf(8, closes(await assigned(8)));
    expect(many).toEqual(few);
    // A bulk step takes no savepoint (decision 0044): two statements fewer under the lock for each kind.
    expect(few.texts.filter((t) => /SAVEPOINT/i.test(t))).toEqual([]);
    // The handle times (R12) are written by one statement of the batch's.
    expect(few.texts.filter((t) => /handle_times AS \(UPDATE workspaces/.test(t))).toHaveLength(1);
  });

  // New customers queue behind a held turn on PostgreSQL (on PGlite they are routed after it, as the test above says).
  it.runIf(process.env.TEST_DATABASE_URL)('takes no savepoint for a batch of closes and new customers together', async () => {
    const open = await assigned(3);
    const mixed = await batchOf(6, () => [...closes(open)(), ask(), ask(), ask()]);
    expect(mixed.texts.filter((t) => /SAVEPOINT/i.test(t))).toEqual([]);
    // The closes' handle times (R12) go in with the hand-offs' decisions write, not in a statement of their own.
    expect(mixed.texts.filter((t) => /^\s*WITH handle_times/.test(t))).toEqual([]);
    expect(mixed.texts.filter((t) => /handle_times AS \(UPDATE workspaces/.test(t))).toHaveLength(1);
  });

  // Offer mode (decision 0041): answers were one unit each, 2 statements and a savepoint apiece under the lock.
  it('is the same for 2 offer answers as for 8; an answer to an offer that is gone is refused as alone', async () => {
    for (let i = 0; i < 6; i++) {
      const id = (await s.api('POST', '/agents', { name: `o${i}`, email: `o${i}@count.test`, capacity: 20 })).body.id;
      await s.api('PUT', `/agents/${id}/presence`, { presence: 'ready' });
    }
    expect((await s.api('PATCH', '/settings/routing', { mode: 'offer', offerTimeoutSeconds: 60 })).status).toBe(200);
    try {
      const offered = async (n: number) => {
        const out: Array<{ id: string; agentId: string }> = [];
        while (out.length < n) {
          const id = (await ask()).body.conversationId as string;
          const offer = (await s.api('GET', `/conversations/${id}`)).body.offer as { agentId: string } | null;
          if (offer) out.push({ id, agentId: offer.agentId });
          else expect.fail('a ready agent with room was not offered the new customer');
        }
        return out;
      };
      const answer = (list: Array<{ id: string; agentId: string }>, how: (i: number) => string) => () =>
        list.map((c, i) => s.api('POST', `/conversations/${c.id}/${how(i)}`, { agentId: c.agentId }));
      const few = await offered(2);
      const a = await batchOf(2, answer(few, () => 'accept'));
      const many = await offered(8);
      // Some accepted, some rejected: rejections send the customer on, in the same batch.
      const b = await batchOf(8, answer(many, (i) => (i % 2 === 0 ? 'accept' : 'reject')));
      expect(b.count).toBe(a.count);
      const accepted = await Promise.all([...few, ...many.filter((_, i) => i % 2 === 0)].map((c) => s.api('GET', `/conversations/${c.id}`)));
      expect(accepted.map((r) => [r.body.status, r.body.assigneeId])).toEqual([...few, ...many.filter((_, i) => i % 2 === 0)].map((c) => ['processing', c.agentId]));
      const rejected = await s.container.deps.db.selectFrom('conversation_events').select('conversation_id').where('type', '=', 'offer_rejected').execute();
      expect(rejected.map((r) => r.conversation_id).sort()).toEqual(many.filter((_, i) => i % 2 === 1).map((c) => c.id).sort());
      // Accepting again: no offer any more, the unit's own error.
      const alone = await s.api('POST', `/conversations/${few[0]!.id}/accept`, { agentId: few[0]!.agentId });
      expect([alone.status, alone.body.error.code]).toEqual([409, 'NOT_OFFERED']);
      const [fresh] = await offered(1);
      const { answers } = await batchAnswers(2, answer([fresh!, few[0]!], () => 'accept'));
      expect(answers.map((r) => r.status)).toEqual([200, 409]);
      expect((answers[1] as { body: unknown }).body).toEqual(alone.body);
    } finally {
      expect((await s.api('PATCH', '/settings/routing', { mode: 'auto' })).status).toBe(200);
    }
  });

  // PGlite has one connection, which the held turn's transaction keeps: the inbound transactions could
  // not commit their hand-offs behind it. On PostgreSQL (`npm run test:pg`) they do, and queue.
  it.runIf(process.env.TEST_DATABASE_URL)('is the same for 2 new customers’ hand-offs as for 8', async () => {
    const few = await batchOf(2, () => [ask(), ask()]);
    const many = await batchOf(8, () => Array.from({ length: 8 }, ask));
    expect(many).toEqual(few);
  });

  // A customer talking to the bot asks for a person: the hand-off is stored pending and joins the batch
  // (decision 0024), as a new customer's does. Before, each inbound transaction took the routing lock
  // itself, so none of them queued behind the held turn.
  it.runIf(process.env.TEST_DATABASE_URL)('is the same for 2 hand-offs from the bot as for 8', async () => {
    const bot = (await s.api('POST', '/channels', { type: 'api', name: 'Bot', bot: true })).body.id;
    const talking = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const externalId = `bot-${contact++}`;
        expect((await s.api('POST', `/channels/${bot}/inbound`, { contact: { externalId }, text: 'hello' })).body.status).toBe('bot');
        ids.push(externalId);
      }
      return () => ids.map((externalId) => s.api('POST', `/channels/${bot}/inbound`, { contact: { externalId }, text: 'agent' }));
    };
    const few = await batchOf(2, await talking(2));
    const many = await batchOf(8, await talking(8));
    expect(many).toEqual(few);
  });

  // Nobody has the skill: each customer waits and is told its place (R12). The waiting messages cost
  // five statements each under the lock before (8 hand-offs: 30 statements more than 2).
  it.runIf(process.env.TEST_DATABASE_URL)('is the same for 2 new customers left waiting (each told its place) as for 8', async () => {
    const japanese = (await s.api('POST', '/channels', { type: 'api', name: 'JP', bot: false, skills: ['japanese'] })).body.id;
    const wait = () => s.api('POST', `/channels/${japanese}/inbound`, { contact: { externalId: `wait-${contact++}` }, text: 'a person please' });
    const few = await batchOf(2, () => [wait(), wait()]);
    const many = await batchOf(8, () => Array.from({ length: 8 }, wait));
    expect(many).toEqual(few);
    const told = await s.container.deps.db
      .selectFrom('messages')
      .select(['conversation_id', 'text'])
      .where('channel_id', '=', japanese)
      .where('sender', '=', 'system')
      .execute();
    expect(told).toHaveLength(10);
    expect(new Set(told.map((m) => m.conversation_id)).size).toBe(10);
    expect(told.map((m) => m.text)).toContain('You are number 10 in the queue. Estimated wait: as soon as an agent is free.');
  });

  // Agent tools that work at close (decision 0033): each close ran its own unit before, in a savepoint under
  // the lock: 2 closes and 8 closes differed by 6 × that unit's statements (the message says by how many).
  describe('closes when agent tools work at close', () => {
    const db = () => s.container.deps.db;
    const tools = (body: Record<string, unknown>) => s.api('PATCH', '/settings/agent-tools', body);
    const ids = (list: Array<{ id: string }>) => list.map((c) => c.id);
    const history = (list: Array<{ id: string }>, type: string) =>
      db().selectFrom('conversation_events').select('conversation_id').where('conversation_id', 'in', ids(list)).where('type', '=', type).execute();

    /** Closes 2, then 8 (each list from `prepare`) in a batch each: the same statements for both. Answers the 8. */
    async function closesCostTheSame(prepare: (n: number) => Promise<Array<{ id: string; agentId: string }>>) {
      const few = await prepare(2);
      const many = await prepare(8);
      const a = await batchOf(2, closes(few));
      const b = await batchOf(8, closes(many));
      expect(b, `2 closes: ${a.count} statements, 8 closes: ${b.count}`).toEqual(a);
      return { few, many };
    }

    it('is the same for 2 closes as for 8 with a wrap-up hold; every seat is held, each hold recorded', async () => {
      await tools({ wrapUpSeconds: 120 });
      try {
        const { few, many } = await closesCostTheSame(assigned);
        const rows = await db().selectFrom('conversations').select(['status', 'wrap_up_until']).where('id', 'in', ids(many)).execute();
        expect(rows.map((r) => [r.status, Number(r.wrap_up_until)])).toEqual(many.map(() => ['completed', s.clock.now() + 120_000]));
        expect(await history(many, 'wrap_up_started')).toHaveLength(8);
        // The held seats are not free: the engine, as the batch left it, counts each agent's capacity less its holds.
        const held = new Map<string, number>();
        for (const c of [...few, ...many]) held.set(c.agentId, (held.get(c.agentId) ?? 0) + 1);
        const { deps } = s.container;
        const engine = await inTransaction(deps, async (tx) => (await deps.routing.begin(tx, s.workspaceId)).engine);
        for (const [agentId, n] of held) expect(engine.agent(agentId)?.capacity).toBe(20 - n);
      } finally {
        // The scheduler ends the holds once their deadline has passed: later tests have the seats.
        s.clock.advance(121_000);
        await runDueWrapUps(s.container.deps);
        await tools({ wrapUpSeconds: 0 });
      }
    });

    it('ends 2 wrap-ups for as many statements as 8, asked by the agents or due by the deadline; the seats come back', async () => {
      const { deps } = s.container;
      const capacities = async (list: Array<{ agentId: string }>) => {
        const engine = await inTransaction(deps, async (tx) => (await deps.routing.begin(tx, s.workspaceId)).engine);
        return list.map((c) => engine.agent(c.agentId)?.capacity);
      };
      const closeAll = async (list: Array<{ id: string; agentId: string }>) => {
        for (const c of list) expect((await s.api('POST', `/conversations/${c.id}/close`, { agentId: c.agentId })).status).toBe(200);
        return list;
      };
      const ends = (list: Array<{ id: string }>) => () => list.map((c) => s.api('POST', `/conversations/${c.id}/wrap-up/end`, {}));
      await tools({ wrapUpSeconds: 120 });
      try {
        const few = await closeAll(await assigned(2));
        const many = await closeAll(await assigned(8));
        const a = await batchOf(2, ends(few));
        const b = await batchOf(8, ends(many));
        expect(b, `2 ends: ${a.count} statements, 8 ends: ${b.count}`).toEqual(a);
        expect(await history([...few, ...many], 'wrap_up_ended')).toHaveLength(10);
        expect(await capacities([...few, ...many])).toEqual([...few, ...many].map(() => 20));
        // One the batch does not take (no longer in wrap-up) is refused as it is alone; the other ends.
        const alone = await s.api('POST', `/conversations/${few[0]!.id}/wrap-up/end`, {});
        expect(alone.body.error.code).toBe('INVALID_TRANSITION');
        const held = await closeAll(await assigned(1));
        const { answers } = await batchAnswers(2, ends([few[0]!, ...held]));
        expect(answers.map((r) => [r.status, (r as { body: unknown }).body])).toEqual([
          [alone.status, alone.body],
          [200, { conversationId: held[0]!.id, wrapUpUntil: null, wrapUpEndedAt: new Date(s.clock.now()).toISOString() }],
        ]);

        // The scheduler: 2 holds fall due, a second later 8 more.
        const early = await closeAll(await assigned(2));
        s.clock.advance(1000);
        const late = await closeAll(await assigned(8));
        s.clock.advance(119_000);
        statements = 0;
        expect(await runDueWrapUps(deps)).toBe(2);
        const c = statements;
        s.clock.advance(1000);
        statements = 0;
        expect(await runDueWrapUps(deps)).toBe(8);
        expect(statements, `2 due: ${c} statements, 8 due: ${statements}`).toBe(c);
        expect(await history([...early, ...late], 'wrap_up_ended')).toHaveLength(10);
        expect(await capacities([...early, ...late])).toEqual([...early, ...late].map(() => 20));
      } finally {
        await tools({ wrapUpSeconds: 0 });
      }
    });

    it('is the same for 2 closes as for 8 with the satisfaction survey; each customer is asked once', async () => {
      await s.api('PATCH', '/settings/csat', { enabled: true });
      try {
        const { many } = await closesCostTheSame(assigned);
        const surveys = await db()
          .selectFrom('messages')
          .select(['conversation_id', 'text'])
          .where('conversation_id', 'in', ids(many))
          .where('sender', '=', 'system')
          .execute();
        expect(surveys.map((m) => m.conversation_id).sort()).toEqual(ids(many).sort());
        expect(surveys.every((m) => m.text.startsWith('How would you rate our service today?'))).toBe(true);
        const rows = await db().selectFrom('conversations').select(['csat_asked_at', 'message_count']).where('id', 'in', ids(many)).execute();
        expect(rows.map((r) => [Number(r.csat_asked_at), r.message_count])).toEqual(many.map(() => [s.clock.now(), 2]));
        expect(await history(many, 'csat_requested')).toHaveLength(8);
      } finally {
        await s.api('PATCH', '/settings/csat', { enabled: false });
      }
    });

    it('is the same for 2 closes as for 8 when tags are required; an untagged one is refused as alone, the others close', async () => {
      const tag = (await s.api('POST', '/tags', { name: 'billing' })).body.id;
      await tools({ tagsRequiredAtClose: true });
      try {
        const tagged = async (n: number) => {
          const list = await assigned(n);
          for (const c of list) expect((await s.api('PUT', `/conversations/${c.id}/tags`, { tags: [tag] })).status).toBe(200);
          return list;
        };
        await closesCostTheSame(tagged);
        const [untagged] = await assigned(1);
        const alone = await s.api('POST', `/conversations/${untagged!.id}/close`, { agentId: untagged!.agentId });
        expect(alone.body.error.code).toBe('TAGS_REQUIRED');
        const { answers } = await batchAnswers(4, closes([...(await tagged(3)), untagged!]));
        expect(answers.map((r) => r.status)).toEqual([200, 200, 200, alone.status]);
        expect((answers[3] as { body: unknown }).body).toEqual(alone.body);
        expect((await s.api('GET', `/conversations/${untagged!.id}`)).body.status).toBe('processing');
      } finally {
        await tools({ tagsRequiredAtClose: false });
      }
    });
  });
});
