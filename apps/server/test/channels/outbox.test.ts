import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDue, LEASE_MS, MAX_ATTEMPTS } from '../../src/channels/outbox/claim.ts';
import { markFailedAttempt } from '../../src/channels/outbox/settle.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { freshPostgresDatabase, startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const BOT = '42:outbox-test';
const SECRET = 'outbox-secret';

/** A Telegram bot as the platform under test: the outbox itself does not care which one. */
async function telegramSetup(s: TestServer, apiBaseUrl: string) {
  const channelId = await createChannel(s, 'telegram', { apiBaseUrl, botToken: BOT, secretToken: SECRET }, { bot: false });
  const agentId = await createReadyAgent(s, `agent-${channelId}@example.com`);
  let update = 1;
  const processing = async (chatId: number) => {
    const id = update++;
    const body = JSON.stringify({ update_id: id, message: { message_id: id, chat: { id: chatId, type: 'private' }, from: { id: chatId, is_bot: false, first_name: 'C' }, date: 1, text: 'agent' } });
    expect((await postWebhook(s, `/webhooks/telegram/${channelId}`, body, { 'x-telegram-bot-api-secret-token': SECRET })).status).toBe(200);
    return conversationOf(s, channelId, String(id));
  };
  return { channelId, agentId, processing };
}

const outboxRow = (s: TestServer, messageId: string) => s.container.deps.db.selectFrom('outbox').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();

describe('outbox', () => {
  let s: TestServer;
  let tg: StandIn;
  let setup: Awaited<ReturnType<typeof telegramSetup>>;
  const sends = (chatId: number) => tg.requests.filter((r) => r.body?.chat_id === String(chatId));

  beforeAll(async () => {
    s = await startTestServer();
    tg = await new StandIn(() => ({ status: 200, body: { ok: true, result: { message_id: 1 } } })).start();
    setup = await telegramSetup(s, tg.url);
  });
  afterAll(async () => {
    await s.close();
    await tg.close();
  });

  it('retries a claim whose sender died once its lease runs out, and never resends a sent row', async () => {
    const conversationId = await setup.processing(1001);
    const messageId = await agentReply(s, conversationId, 'survives a crash', setup.agentId);
    const [claimed] = await claimDue(s.container.deps, 10); // a worker claims the row… and dies before sending
    expect(claimed).toMatchObject({ message_id: messageId, status: 'sending', attempts: 1 });
    expect(await runOutboxOnce(s.container.deps)).toBe(0);
    s.clock.advance(LEASE_MS);
    expect(await runOutboxOnce(s.container.deps)).toBe(1);
    expect(sends(1001)).toHaveLength(1);
    // The dead worker's late verdict loses the compare-and-set to the live one.
    await markFailedAttempt(s.container.deps, claimed!, 'stale', true);
    expect(await outboxRow(s, messageId)).toMatchObject({ status: 'sent', attempts: 2 });
    s.clock.advance(24 * 3_600_000);
    expect(await runOutboxOnce(s.container.deps)).toBe(0);
    expect(sends(1001)).toHaveLength(1);
  });

  it('keeps the order of a conversation: a later reply waits for an earlier one that is being retried', async () => {
    const conversationId = await setup.processing(1002);
    const first = await agentReply(s, conversationId, 'first', setup.agentId);
    await agentReply(s, conversationId, 'second', setup.agentId);
    tg.failNext(1, 503);
    expect(await runOutboxOnce(s.container.deps)).toBe(1);
    expect(await runOutboxOnce(s.container.deps)).toBe(0); // "second" must not overtake "first"
    s.clock.advance(2000);
    await runOutboxOnce(s.container.deps);
    await runOutboxOnce(s.container.deps);
    expect(sends(1002).map((r) => r.body.text)).toEqual(['first', 'first', 'second']);
    expect((await outboxRow(s, first)).attempts).toBe(2);
  });

  it('sends each message once when several workers run at the same time', async () => {
    const ids: string[] = [];
    for (const chat of [2001, 2002, 2003, 2004]) ids.push(await agentReply(s, await setup.processing(chat), `hello ${chat}`, setup.agentId));
    const counts = await Promise.all(Array.from({ length: 6 }, () => runOutboxOnce(s.container.deps)));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    for (const chat of [2001, 2002, 2003, 2004]) expect(sends(chat)).toHaveLength(1);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and marks the message failed`, async () => {
    const conversationId = await setup.processing(3001);
    const messageId = await agentReply(s, conversationId, 'doomed', setup.agentId);
    tg.failNext(MAX_ATTEMPTS, 500);
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      await runOutboxOnce(s.container.deps);
      s.clock.advance(15 * 60_000);
    }
    expect(await outboxRow(s, messageId)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === messageId)).toMatchObject({ delivery: 'failed', deliveryError: expect.stringContaining('500') });
    expect(sends(3001)).toHaveLength(MAX_ATTEMPTS);
  });
});

describe('outbox across a restart', () => {
  it('sends a message claimed by a process that died, exactly once, after the restart', async () => {
    const databaseUrl = await freshPostgresDatabase();
    const dataDir = databaseUrl ? undefined : await mkdtemp(join(tmpdir(), 'sb-outbox-'));
    const tg = await new StandIn(() => ({ status: 200, body: { ok: true, result: { message_id: 7 } } })).start();
    const first = await startTestServer({ dataDir, databaseUrl });
    const setup = await telegramSetup(first, tg.url);
    const messageId = await agentReply(first, await setup.processing(5001), 'after restart', setup.agentId);
    await claimDue(first.container.deps, 10);
    const now = first.clock.now();
    await first.close();

    const second = await startTestServer({ dataDir, databaseUrl });
    second.clock.set(now + LEASE_MS);
    expect(await runOutboxOnce(second.container.deps)).toBe(1);
    second.clock.advance(24 * 3_600_000);
    expect(await runOutboxOnce(second.container.deps)).toBe(0);
    expect(tg.requests.filter((r) => r.body?.text === 'after restart')).toHaveLength(1);
    expect(await outboxRow(second, messageId)).toMatchObject({ status: 'sent' });
    await second.close();
    await tg.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropDatabase(databaseUrl);
  });
});

async function dropDatabase(url: string) {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
}
