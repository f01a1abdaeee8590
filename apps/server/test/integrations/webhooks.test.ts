import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@switchboard/core';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs, claimDueDeliveries, deliverDueWebhooks, LEASE_MS, PER_WEBHOOK, SIGNATURE_HEADER } from '../../src/integrations/webhook-delivery.ts';
import { runWebhookFeed } from '../../src/integrations/webhook-feed.ts';
import { startIntegrations } from '../../src/integrations/runtime.ts';
import { dropDatabase, freshPostgresDatabase, makeApi, startTestServer, type TestServer } from '../harness.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A customer's webhook receiver on loopback: records each POST and answers the next scripted status (then 200). */
async function standInReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(statuses.shift() ?? 200, { 'content-type': 'text/plain' }).end('internal detail that must not be stored');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/hook`, received, statuses, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const verifies = (secret: string, r: Received) => {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);
  const given = Buffer.from(String(r.headers[SIGNATURE_HEADER]));
  return given.length === expected.length && timingSafeEqual(given, expected);
};

async function pump(s: TestServer) {
  await runWebhookFeed(s.container.deps);
  return deliverDueWebhooks(s.container.deps);
}

async function inbound(s: TestServer, channel: string, externalId: string) {
  const res = await s.api('POST', `/channels/${channel}/inbound`, { contact: { externalId }, text: 'hello' });
  expect(res.status).toBe(201);
  return res.body.conversationId as string;
}

/** SPEC §5 Integrations: webhooks did not exist before (every route 404). */
describe('outbound webhooks', () => {
  let s: TestServer;
  let receiver: Awaited<ReturnType<typeof standInReceiver>>;
  let channel: string;
  beforeAll(async () => {
    s = await startTestServer();
    receiver = await standInReceiver();
    channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: true })).body.id;
  });
  afterAll(async () => {
    await s.close();
    await receiver.close();
  });
  afterEach(async () => {
    for (const w of (await s.api('GET', '/webhooks')).body.items) await s.api('DELETE', `/webhooks/${w.id}`);
    receiver.received.length = 0;
    receiver.statuses.length = 0;
  });

  it('is created by an admin with a secret shown once, listed without it, refused to agents and bad input', async () => {
    const created = await s.api('POST', '/webhooks', { url: receiver.url, events: ['conversation.created'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^whk_/), url: receiver.url, events: ['conversation.created'], includePrivate: false, secret: expect.stringMatching(/^whsec_/) });
    const listed = await s.api('GET', '/webhooks');
    expect(listed.body.items).toEqual([expect.not.objectContaining({ secret: expect.anything() })]);
    expect(JSON.stringify(await s.container.deps.db.selectFrom('webhooks').selectAll().execute())).not.toContain(created.body.secret);
    await s.api('POST', '/agents', { name: 'Ag', email: 'ag@hooks.example', password: 'password-1' });
    const token = (await s.api('POST', '/auth/login', { email: 'ag@hooks.example', password: 'password-1' }, null)).body.token;
    expect((await makeApi(s.url, token)('POST', '/webhooks', { url: receiver.url, events: ['*'] })).status).toBe(403);
    expect((await makeApi(s.url, token)('GET', `/webhooks/${created.body.id}/deliveries`)).status).toBe(403);
    for (const bad of [{ url: 'ftp://x.example/', events: ['*'] }, { url: receiver.url, events: [] }, { url: receiver.url, events: ['DROP TABLE'] }, { url: 'not a url', events: ['*'] }]) {
      const res = await s.api('POST', '/webhooks', bad);
      expect(res.status).toBe(400);
    }
    expect((await s.api('GET', '/webhooks/whk_missing/deliveries')).status).toBe(404);
    const audit = (await s.api('GET', '/audit-log')).body.items.find((i: any) => i.action === 'webhook.created');
    expect(audit).toMatchObject({ target: { id: created.body.id }, before: null, after: { url: receiver.url } });
    expect(JSON.stringify(audit)).not.toContain(created.body.secret);
  });

  it('delivers the subscribed events committed after its creation, signed with its secret, and logs the attempt', async () => {
    await inbound(s, channel, 'before-the-webhook');
    const hook = (await s.api('POST', '/webhooks', { url: receiver.url, events: ['conversation.created', 'message.*'] })).body;
    const conv = await inbound(s, channel, 'after-the-webhook');
    expect(await pump(s)).toBeGreaterThan(0);
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type)).toContain('conversation.created');
    expect(bodies.map((b) => b.type)).toContain('message.created');
    expect(bodies.every((b) => b.type === 'conversation.created' || b.type.startsWith('message.'))).toBe(true);
    expect(bodies.every((b) => b.data.conversationId === conv || b.data.id === conv)).toBe(true);
    for (const r of receiver.received) {
      expect(verifies(hook.secret, r)).toBe(true);
      expect(verifies('whsec_someone-else', r)).toBe(false);
      expect(r.headers['x-switchboard-event']).toBe(JSON.parse(r.body).type);
    }
    const deliveries = (await s.api('GET', `/webhooks/${hook.id}/deliveries`)).body.items;
    expect(deliveries).toHaveLength(receiver.received.length);
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 1, log: [{ attempt: 1, statusCode: 200, outcome: 'delivered', error: null }] });
    expect(await pump(s)).toBe(0);
  });

  it('retries after a 500 from its stored deadline with exponential backoff, every attempt readable', async () => {
    const hook = (await s.api('POST', '/webhooks', { url: receiver.url, events: ['conversation.created'] })).body;
    receiver.statuses.push(500, 503);
    await inbound(s, channel, 'retry-me');
    await pump(s);
    expect(receiver.received).toHaveLength(1);
    let [delivery] = (await s.api('GET', `/webhooks/${hook.id}/deliveries`)).body.items;
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(s.clock.now() + backoffMs(1)).toISOString() });
    expect(delivery.log).toEqual([expect.objectContaining({ attempt: 1, statusCode: 500, outcome: 'retry', error: 'HTTP_500' })]);
    expect(JSON.stringify(delivery)).not.toContain('internal detail');
    expect(await pump(s)).toBe(0);
    s.clock.advance(backoffMs(1));
    await pump(s);
    s.clock.advance(backoffMs(2) - 1);
    expect(await pump(s)).toBe(0);
    s.clock.advance(1);
    await pump(s);
    [delivery] = (await s.api('GET', `/webhooks/${hook.id}/deliveries`)).body.items;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, nextAttemptAt: null });
    expect(delivery.log.map((l: any) => [l.statusCode, l.outcome])).toEqual([[500, 'retry'], [503, 'retry'], [200, 'delivered']]);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    expect(receiver.received.every((r) => verifies(hook.secret, r))).toBe(true);
  });

  it('never sends an internal note unless the webhook was created with includePrivate', async () => {
    const plain = (await s.api('POST', '/webhooks', { url: `${receiver.url}?plain`, events: ['message.created'] })).body;
    const staff = (await s.api('POST', '/webhooks', { url: `${receiver.url}?staff`, events: ['message.created'], includePrivate: true })).body;
    const conv = await inbound(s, channel, 'notes');
    await pump(s);
    receiver.received.length = 0;
    await s.container.deps.bus.publish([
      { type: 'message.created', workspaceId: s.workspaceId, conversationId: conv, data: { conversationId: conv, id: 'msg_note', sender: 'agent', text: 'customer seems angry', private: true } },
    ]);
    await pump(s);
    expect(receiver.received.map((r) => JSON.parse(r.body).webhookId)).toEqual([staff.id]);
    expect((await s.api('GET', `/webhooks/${plain.id}/deliveries`)).body.items.map((d: any) => d.event.cursor)).not.toContain(JSON.parse(receiver.received[0]!.body).cursor);
  });

  it("a running server's own beat delivers without anyone calling it (the scheduler main.ts starts)", async () => {
    const hook = (await s.api('POST', '/webhooks', { url: receiver.url, events: ['conversation.created'] })).body;
    const stop = startIntegrations(s.container.deps);
    try {
      await inbound(s, channel, 'scheduled');
      const deadline = Date.now() + 10_000;
      while (receiver.received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.received.map((r) => JSON.parse(r.body).webhookId)).toEqual([hook.id]);
    } finally {
      await stop(5000);
    }
  });

  it('one webhook holds at most PER_WEBHOOK sends at once, so another webhook is not kept waiting behind its backlog', async () => {
    const busy = (await s.api('POST', '/webhooks', { url: `${receiver.url}?busy`, events: ['conversation.created'] })).body;
    for (let i = 0; i < PER_WEBHOOK + 3; i++) await inbound(s, channel, `backlog-${i}`);
    const quiet = (await s.api('POST', '/webhooks', { url: `${receiver.url}?quiet`, events: ['conversation.created'] })).body;
    await inbound(s, channel, 'quiet-one');
    await runWebhookFeed(s.container.deps);
    const first = await claimDueDeliveries(s.container.deps, 100);
    expect(first.filter((r) => r.webhook_id === busy.id)).toHaveLength(PER_WEBHOOK);
    expect(first.filter((r) => r.webhook_id === quiet.id)).toHaveLength(1);
    // Their leases still run: nothing more of the busy webhook until they settle or expire.
    expect((await claimDueDeliveries(s.container.deps, 100)).filter((r) => r.webhook_id === busy.id)).toEqual([]);
    s.clock.advance(LEASE_MS);
    expect((await claimDueDeliveries(s.container.deps, 100)).filter((r) => r.webhook_id === busy.id)).toHaveLength(PER_WEBHOOK);
    s.clock.advance(LEASE_MS);
  });

  it('two claimers never hold the same delivery (leases, FOR UPDATE SKIP LOCKED)', async () => {
    await s.api('POST', '/webhooks', { url: receiver.url, events: ['*'] });
    await inbound(s, channel, 'claims');
    await runWebhookFeed(s.container.deps);
    const [a, b] = await Promise.all([claimDueDeliveries(s.container.deps, 100), claimDueDeliveries(s.container.deps, 100)]);
    const ids = [...a!, ...b!].map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await claimDueDeliveries(s.container.deps, 100)).toEqual([]);
    s.clock.advance(LEASE_MS);
    expect((await claimDueDeliveries(s.container.deps, 100)).map((r) => r.id).sort()).toEqual(ids.sort());
  });
});

describe('webhooks: loopback refused in production, retries survive a restart', () => {
  it('refuses a loopback receiver without OUTBOUND_ALLOW: logged as failed, nothing sent, no retry', async () => {
    const receiver = await standInReceiver();
    const s = await startTestServer({ outboundAllow: '' });
    try {
      const channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: true })).body.id;
      const hook = (await s.api('POST', '/webhooks', { url: receiver.url, events: ['conversation.created'] })).body;
      await inbound(s, channel, 'refused');
      await pump(s);
      const [delivery] = (await s.api('GET', `/webhooks/${hook.id}/deliveries`)).body.items;
      expect(delivery).toMatchObject({ status: 'failed', attempts: 1, log: [{ outcome: 'failed', statusCode: null, error: expect.stringMatching(/^OUTBOUND_REFUSED/) }] });
      s.clock.advance(24 * 3600_000);
      expect(await pump(s)).toBe(0);
      expect(receiver.received).toEqual([]);
    } finally {
      await s.close();
      await receiver.close();
    }
  });

  it('a retry due after a restart is sent by the next process; a send cut off mid-lease is retaken after the lease', async () => {
    const receiver = await standInReceiver();
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-webhooks-'));
    const clock = new FakeClock(Date.UTC(2026, 10, 24, 9, 0, 0));
    const adminToken = 'admin_webhook_restart_token';
    try {
      let s = await startTestServer({ dataDir, clock, adminToken });
      const channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: true })).body.id;
      const hook = (await s.api('POST', '/webhooks', { url: receiver.url, events: ['conversation.created'] })).body;
      receiver.statuses.push(500);
      await inbound(s, channel, 'first');
      await pump(s);
      await inbound(s, channel, 'second');
      await runWebhookFeed(s.container.deps);
      // The process dies holding the second delivery's claim (claimed, never settled).
      receiver.statuses.length = 0;
      const cut = await claimDueDeliveries(s.container.deps, 10);
      expect(cut).toHaveLength(1);
      await s.close();

      s = await startTestServer({ dataDir, clock, adminToken });
      expect(await pump(s)).toBe(0);
      clock.advance(backoffMs(1));
      await pump(s);
      let items = (await s.api('GET', `/webhooks/${hook.id}/deliveries`)).body.items;
      expect(items.map((d: any) => d.status).sort()).toEqual(['delivered', 'sending']);
      clock.advance(LEASE_MS - backoffMs(1));
      await pump(s);
      items = (await s.api('GET', `/webhooks/${hook.id}/deliveries`)).body.items;
      expect(items.map((d: any) => [d.status, d.attempts])).toEqual([
        ['delivered', 2],
        ['delivered', 2],
      ]);
      expect(receiver.received.filter((r) => verifies(hook.secret, r))).toHaveLength(3);
      await s.close();
    } finally {
      await receiver.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Two processes on one PostgreSQL database: each event reaches the receiver once. */
describe.runIf(process.env.TEST_DATABASE_URL)('webhooks on two processes', () => {
  it('never hands one delivery to two claimers racing on one database (CI found 4 of 10 sent twice)', async () => {
    const url = (await freshPostgresDatabase())!;
    const s = await startTestServer({ databaseUrl: url });
    try {
      const channel = (await s.api('POST', '/channels', { type: 'api', name: 'API', bot: true })).body.id;
      for (let h = 0; h < 12; h++) await s.api('POST', '/webhooks', { url: `https://hooks${h}.example.com/in`, events: ['conversation.created'] });
      for (let i = 0; i < 4; i++) await inbound(s, channel, `race-${i}`);
      await runWebhookFeed(s.container.deps);
      const db = s.container.deps.db;
      let twice = 0;
      for (let round = 0; round < 40; round++) {
        // Everything due again; eight claimers at once, each taking a few, as many processes' beats would.
        await sql`UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = 0`.execute(db);
        const claims = await Promise.all(Array.from({ length: 8 }, () => claimDueDeliveries(s.container.deps, 3)));
        const ids = claims.flat().map((r) => r.id);
        twice += ids.length - new Set(ids).size;
      }
      expect(twice).toBe(0);
    } finally {
      await s.close();
      await dropDatabase(url);
    }
  }, 60_000);

  it('feeds and sends each delivery once although both processes beat at the same time', async () => {
    const receiver = await standInReceiver();
    const url = (await freshPostgresDatabase())!;
    const a = await startTestServer({ databaseUrl: url });
    const b = await startTestServer({ databaseUrl: url, adminToken: a.adminToken, clock: a.clock });
    try {
      const channel = (await a.api('POST', '/channels', { type: 'api', name: 'API', bot: true })).body.id;
      await a.api('POST', '/webhooks', { url: receiver.url, events: ['conversation.created'] });
      for (let i = 0; i < 10; i++) await inbound(i % 2 ? a : b, channel, `both-${i}`);
      // Both beat together until nothing is left (PER_WEBHOOK sends at a time).
      for (let round = 0; round < 10 && receiver.received.length < 10; round++) await Promise.all([pump(a), pump(b), pump(a), pump(b)]);
      await Promise.all([pump(a), pump(b)]);
      const cursors = receiver.received.map((r) => JSON.parse(r.body).cursor as number);
      expect(cursors).toHaveLength(10);
      expect(new Set(cursors).size).toBe(10);
    } finally {
      await a.close();
      await b.close();
      await dropDatabase(url);
      await receiver.close();
    }
  }, 60_000);
});
