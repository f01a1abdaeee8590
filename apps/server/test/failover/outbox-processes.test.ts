import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeApi } from '../harness.ts';
import { HoldingPlatform } from '../support/holding-platform.ts';
import { canRunOwnPostgres, OwnPostgres } from '../support/own-postgres.ts';
import { killHard, startServerProcess, type ServerProcess } from '../support/server-process.ts';

const TOKEN = 'outbox-process-admin-token';
const SECRET = 'outbox-process-secret';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A bot-less Telegram channel, a ready agent, a customer in `processing`, and the agent's reply queued in the outbox. */
async function queueReply(url: string, platformUrl: string) {
  const api = makeApi(url, TOKEN);
  const channel = await api('POST', '/channels', { type: 'telegram', name: 'tg', bot: false, config: { apiBaseUrl: platformUrl, botToken: '42:x', secretToken: SECRET } });
  const agent = await api('POST', '/agents', { name: 'A', email: 'a@example.com', capacity: 10 });
  await api('PUT', `/agents/${agent.body.id}/presence`, { presence: 'ready' });
  const update = { update_id: 1, message: { message_id: 1, chat: { id: 7, type: 'private' }, from: { id: 7, is_bot: false, first_name: 'C' }, date: 1, text: 'hello' } };
  const hook = await fetch(`${url}/api/v1/webhooks/telegram/${channel.body.id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  });
  expect(hook.status).toBe(200);
  const conversation = (await api('GET', `/conversations?channelId=${channel.body.id}`)).body.items[0];
  expect(conversation.status).toBe('processing');
  const reply = await api('POST', `/conversations/${conversation.id}/messages`, { text: 'the reply', agentId: agent.body.id });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

/**
 * The outbox across process ends (SPEC §6): a SIGTERM mid-send finishes the
 * send or hands the claim back, and a kill -9 mid-send frees the claim
 * within its short lease while a live sender keeps renewing its own.
 */
describe.runIf(canRunOwnPostgres)('outbox sends across process ends', () => {
  let cluster: OwnPostgres;
  let platform: HoldingPlatform;
  let processes: ServerProcess[] = [];
  let n = 0;
  beforeAll(async () => {
    cluster = await OwnPostgres.create();
  });
  afterEach(async () => {
    for (const p of processes) await killHard(p);
    processes = [];
    await platform?.close();
  });
  afterAll(async () => cluster?.destroy());

  async function freshDatabase() {
    const client = new pg.Client({ connectionString: cluster.url() });
    await client.connect();
    const name = `outbox_${++n}`;
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    platform = await new HoldingPlatform().start();
    return cluster.url(name);
  }
  const start = (databaseUrl: string, env: Record<string, string> = {}) => {
    const p = startServerProcess({ DATABASE_URL: databaseUrl, SWITCHBOARD_ADMIN_TOKEN: TOKEN, ...env });
    processes.push(p);
    return p;
  };
  /** Process A's send held open at the platform, and B, a second process of the deployment, ready. */
  async function heldByAWithB(env: Record<string, string>) {
    const db = await freshDatabase();
    const a = start(db, env);
    const messageId = await queueReply(await a.ready, platform.url);
    await until('the send to reach the platform', () => platform.received.length === 1);
    const b = start(db, env);
    await b.ready;
    return { db, a, b, messageId };
  }
  async function outboxRow(databaseUrl: string, messageId: string) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query('SELECT status, attempts FROM outbox WHERE message_id = $1', [messageId]);
    await client.end();
    return rows[0] as { status: string; attempts: number };
  }

  it('SIGTERM mid-send: the send finishes, the row is marked sent, one delivery', { timeout: 120_000 }, async () => {
    const db = await freshDatabase();
    const a = start(db);
    const messageId = await queueReply(await a.ready, platform.url);
    await until('the send to reach the platform', () => platform.received.length === 1);
    a.child.kill('SIGTERM');
    await sleep(500);
    expect(a.alive()).toBe(true); // still draining the send
    platform.answerHeld();
    expect(await a.exited).toBe(0);
    expect(platform.delivered).toHaveLength(1);
    expect(await outboxRow(db, messageId)).toMatchObject({ status: 'sent' });
  });

  it('SIGTERM mid-send past the drain time: the claim is handed back and the next process sends it at once', { timeout: 120_000 }, async () => {
    const db = await freshDatabase();
    const a = start(db, { SHUTDOWN_DRAIN_MS: '300' });
    const messageId = await queueReply(await a.ready, platform.url);
    await until('the send to reach the platform', () => platform.received.length === 1);
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await outboxRow(db, messageId)).toMatchObject({ status: 'pending' });
    platform.holding = false;
    const b = start(db);
    await b.ready;
    const startedAt = Date.now();
    await until('the next process to send it', async () => (await outboxRow(db, messageId)).status === 'sent');
    expect(Date.now() - startedAt).toBeLessThan(5000); // not after a lease ran out
    expect(platform.delivered).toHaveLength(1);
  });

  it('PostgreSQL restarting between the platform\'s answer and recording it: recorded once it is back, one delivery', { timeout: 120_000 }, async () => {
    const db = await freshDatabase();
    const a = start(db);
    const messageId = await queueReply(await a.ready, platform.url);
    await until('the send to reach the platform', () => platform.received.length === 1);
    await cluster.stop();
    platform.answerHeld(); // the platform accepted it; the row cannot be updated now
    await sleep(1000);
    await cluster.start();
    await until('the row to be marked sent', async () => (await outboxRow(db, messageId).catch(() => undefined))?.status === 'sent', 10_000);
    expect(await outboxRow(db, messageId)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(platform.received).toHaveLength(1);
    expect(a.alive()).toBe(true);
  });

  it('PostgreSQL away past the lease while a live sender holds the answer: no other process retakes the claim, one delivery', { timeout: 120_000 }, async () => {
    const { db, a, messageId } = await heldByAWithB({ OUTBOX_LEASE_MS: '3000' });
    await sleep(3500); // B has had the database for more than a lease
    await cluster.stop();
    platform.holding = false;
    platform.answerHeld(); // A has the platform's answer and cannot record it
    await sleep(500);
    // A loaded machine: A gets the CPU back only after B's first beats with the database back.
    process.kill(a.child.pid!, 'SIGSTOP');
    await sleep(3000); // past A's lease: nothing could renew it
    await cluster.start();
    await sleep(1500);
    const sendsBeforeAResumes = platform.received.length;
    process.kill(a.child.pid!, 'SIGCONT');
    await until('the row to be marked sent', async () => (await outboxRow(db, messageId).catch(() => undefined))?.status === 'sent', 10_000);
    await sleep(3500); // one more lease: B sends nothing
    expect(sendsBeforeAResumes).toBe(1);
    expect(platform.received).toHaveLength(1);
    expect(await outboxRow(db, messageId)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('PostgreSQL away while the sender is killed: the dead claim is retaken within two leases of the database coming back', { timeout: 120_000 }, async () => {
    const { db, a, messageId } = await heldByAWithB({ OUTBOX_LEASE_MS: '1500' });
    await cluster.stop();
    await killHard(a);
    platform.holding = false;
    await sleep(1000);
    await cluster.start();
    const backAt = Date.now();
    await until('the other process to retake the send', () => platform.received.length === 2);
    expect(Date.now() - backAt).toBeLessThan(2 * 1500 + 1000); // the gate's lease, the dead lease, a beat
    await until('the row to be marked sent', async () => (await outboxRow(db, messageId)).status === 'sent');
    expect(platform.delivered).toHaveLength(1);
  });

  it('kill -9 mid-send: a live sender keeps its claim past the lease; a dead one loses it within the lease', { timeout: 120_000 }, async () => {
    const { db, a, messageId } = await heldByAWithB({ OUTBOX_LEASE_MS: '1500' });
    await sleep(3500); // more than two leases: A renews, so B must not take the row
    expect(platform.received).toHaveLength(1);
    platform.holding = false;
    await killHard(a);
    const killedAt = Date.now();
    await until('the other process to retake the send', () => platform.received.length === 2);
    expect(Date.now() - killedAt).toBeLessThan(4000);
    await until('the row to be marked sent', async () => (await outboxRow(db, messageId)).status === 'sent');
    expect(platform.delivered).toHaveLength(1);
  });
});
