import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { botLines, customerSays, freshWorkspace, newCustomer, scriptCallsSettled, startStandIn, type StandIn } from '../bot-support.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, messagesOf, postWebhook } from './support/flows.ts';

const SECRET = 'tg-secret-token_123';

/**
 * Issue #11, finding 9. The server runs as in production (no OUTBOUND_ALLOW);
 * the "internal service" is a loopback stand-in that would answer anything,
 * so a request that got through would show.
 */
describe('outbound requests an admin configures', () => {
  let s: TestServer;
  let internal: StandIn;

  beforeAll(async () => {
    s = await startTestServer({ outboundAllow: '' });
    internal = await startStandIn(() => ({ status: 400, raw: 'redis_version:7.2.4\r\nrequirepass:hunter2' }));
  });
  afterAll(async () => {
    await internal.close();
    await s.close();
  });

  const telegramReply = async (apiBaseUrl: string, n: number) => {
    const channelId = await createChannel(s, 'telegram', { botToken: '1:tok', secretToken: SECRET }, { bot: false });
    // As if saved before OUTBOUND_ALLOW was tightened: the send itself must refuse it too.
    await s.container.deps.db
      .updateTable('channels')
      .set({ config: JSON.stringify({ apiBaseUrl }) })
      .where('id', '=', channelId)
      .execute();
    s.container.deps.channels.delete(channelId);
    const agentId = await createReadyAgent(s, `guard-${n}@example.com`);
    const update = {
      update_id: n,
      message: { message_id: n, from: { id: n, is_bot: false, first_name: 'T' }, chat: { id: n, type: 'private' }, date: 1, text: 'agent' },
    };
    await postWebhook(s, `/webhooks/telegram/${channelId}`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET });
    const conversationId = await conversationOf(s, channelId, String(n));
    const messageId = await agentReply(s, conversationId, 'hello', agentId);
    await runOutboxOnce(s.container.deps);
    return (await messagesOf(s, conversationId)).find((m) => m.id === messageId)!;
  };
  const bases = () => {
    const port = new URL(internal.url).port;
    return [internal.url, `http://[::1]:${port}`, `http://2130706433:${port}`, `http://[::ffff:127.0.0.1]:${port}`, 'https://attacker.example'];
  };

  it("refuses to save a channel apiBaseUrl on loopback in any spelling, or one that would receive the channel's token", async () => {
    for (const apiBaseUrl of bases()) {
      const res = await s.api('POST', '/channels', { type: 'telegram', name: 'tg', config: { apiBaseUrl, botToken: '1:tok' } });
      expect(res.status, apiBaseUrl).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (await s.api('POST', '/channels', { type: 'telegram', name: 'tg', config: { apiBaseUrl: 'https://api.telegram.org', botToken: '1:tok' } })).status,
    ).toBe(201);
  });

  it('refuses to send to such an apiBaseUrl all the same, and nothing reaches the internal service', async () => {
    let n = 5000;
    for (const base of bases()) {
      const message = await telegramReply(base, n++);
      expect(message.delivery, base).toBe('failed');
      expect(message.deliveryError, base).toMatch(/^OUTBOUND_REFUSED: /);
    }
    expect(internal.requests).toHaveLength(0);
  });

  it('refuses a script http step to an internal address: the onError path runs, nothing is fetched', async () => {
    const w = await freshWorkspace(s);
    const script = {
      id: 'peek',
      start: 'ask',
      steps: [
        { id: 'ask', type: 'ask', text: 'Order number?', variable: 'n', input: { kind: 'text' }, next: 'lookup' },
        {
          id: 'lookup',
          type: 'http',
          method: 'GET',
          url: `${internal.url}/info?n={{n}}`,
          timeoutMs: 2000,
          save: { state: 'status' },
          next: 'tell',
          onError: 'failed',
        },
        { id: 'tell', type: 'end', outcome: 'bot', text: 'It is {{state}}.' },
        { id: 'failed', type: 'handoff', text: 'Lookup failed.' },
      ],
    };
    expect((await w.api('POST', '/scripts', script)).status).toBe(201);
    await w.api('POST', '/scripts/peek/publish');
    await w.api('POST', '/bot/keywords', { match: 'exact', pattern: 'peek', action: { type: 'start_script', scriptId: 'peek' } });
    const c = newCustomer();
    const { conversationId } = await customerSays(w, c, 'peek');
    await customerSays(w, c, '1');
    await scriptCallsSettled(s);
    expect((await botLines(w.api, conversationId)).at(-1)).toBe('Lookup failed.');
    expect(internal.requests).toHaveLength(0);
  });
});

describe('delivery errors agents read', () => {
  let s: TestServer;
  let platform: StandIn;

  beforeAll(async () => {
    s = await startTestServer();
    platform = await startStandIn(() => ({ status: 400, raw: '{"ok":false,"error_code":400,"description":"redis_version:7.2.4 requirepass:hunter2"}' }));
  });
  afterAll(async () => {
    await platform.close();
    await s.close();
  });

  it("carry the status and the platform's numeric code, never the remote body", async () => {
    const channelId = await createChannel(s, 'telegram', { apiBaseUrl: platform.url, botToken: '1:tok', secretToken: SECRET }, { bot: false });
    const agentId = await createReadyAgent(s, 'errors@example.com');
    const update = {
      update_id: 77,
      message: { message_id: 77, from: { id: 77, is_bot: false, first_name: 'T' }, chat: { id: 77, type: 'private' }, date: 1, text: 'agent' },
    };
    await postWebhook(s, `/webhooks/telegram/${channelId}`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET });
    const conversationId = await conversationOf(s, channelId, '77');
    const messageId = await agentReply(s, conversationId, 'hello', agentId);
    await runOutboxOnce(s.container.deps);
    const message = (await messagesOf(s, conversationId)).find((m) => m.id === messageId)!;
    expect(message).toMatchObject({ delivery: 'failed', deliveryError: 'HTTP_400: the platform answered 400 (platform error 400)' });
    const row = await s.container.deps.db.selectFrom('outbox').select(['last_error', 'response']).where('message_id', '=', messageId).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain('redis');
  });
});
