import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const APP_SECRET = 'messenger-app-secret';
const PAGE_ID = '106540352242922';

/** A Messenger Platform page webhook as documented (developers.facebook.com/docs/messenger-platform/webhooks). */
function page(...messaging: unknown[]) {
  return { object: 'page', entry: [{ id: PAGE_ID, time: 1458692752478, messaging }] };
}
const message = (psid: string, mid: string, body: Record<string, unknown>) => ({ sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 1458692752478, message: { mid, ...body } });

describe('Messenger channel', () => {
  let s: TestServer;
  let graph: StandIn;
  let channelId: string;
  const send = (body: unknown, secret = APP_SECRET) => {
    const raw = JSON.stringify(body);
    return postWebhook(s, `/webhooks/messenger/${channelId}`, raw, { 'x-hub-signature-256': `sha256=${hmac(secret, raw, 'hex')}` });
  };

  beforeAll(async () => {
    s = await startTestServer();
    graph = await new StandIn(() => ({ status: 200, body: { recipient_id: '1254459154682919', message_id: 'm_AG5Hz2Uq7tuwNEhXfYYKj8mJEM' } })).start();
    channelId = await createChannel(s, 'messenger', { apiBaseUrl: graph.url, version: '21.0', pageAccessToken: 'EAAPAGE', appSecret: APP_SECRET, verifyToken: 'mv-token' }, { bot: false });
  });
  afterAll(async () => {
    await s.close();
    await graph.close();
  });

  it('answers the subscription handshake and refuses a bad signature', async () => {
    const ok = await fetch(`${s.url}/api/v1/webhooks/messenger/${channelId}?hub.mode=subscribe&hub.verify_token=mv-token&hub.challenge=CHALLENGE_ACCEPTED`);
    expect(await ok.text()).toBe('CHALLENGE_ACCEPTED');
    expect((await fetch(`${s.url}/api/v1/webhooks/messenger/${channelId}?hub.mode=subscribe&hub.verify_token=no&hub.challenge=x`)).status).toBe(403);
    expect((await send(page(message('1254459154682919', 'm_forged', { text: 'x' })), 'nope')).status).toBe(401);
  });

  it('stores text and attachments keyed by PSID, once per mid, and ignores echoes of our own sends', async () => {
    const body = page(
      message('1254459154682919', 'm_1', { text: 'hello, world!' }),
      message('1254459154682919', 'm_2', { attachments: [{ type: 'image', payload: { url: 'https://scontent.example/image.jpg' } }] }),
      message('1254459154682919', 'm_3', { attachments: [{ type: 'image', payload: { url: 'https://scontent.example/sticker.png', sticker_id: 369239263222822 } }] }),
      { sender: { id: PAGE_ID }, recipient: { id: '1254459154682919' }, timestamp: 1, message: { mid: 'm_echo', is_echo: true, app_id: 1517776481860111, text: 'our reply' } },
    );
    expect((await send(body)).status).toBe(200);
    expect((await send(body)).status).toBe(200);
    const items = (await messagesOf(s, await conversationOf(s, channelId, 'm_1'))).filter((m) => m.sender === 'customer');
    expect(items.map((m) => m.text)).toEqual(['hello, world!', '[image]', '[sticker]']);
    expect(items[1]!.attachments).toEqual([{ type: 'image', url: 'https://scontent.example/image.jpg', media: 'fetching' }]);
    expect(items[2]!.attachments).toEqual([{ type: 'sticker', url: 'https://scontent.example/sticker.png', platformId: '369239263222822', media: 'fetching' }]);
  });

  it('sends a reply to the Send API with the page token and messaging_type RESPONSE', async () => {
    const agentId = await createReadyAgent(s, 'fb-agent@example.com');
    await send(page(message('2000000000000001', 'm_handoff', { text: 'agent' })));
    const conversationId = await conversationOf(s, channelId, 'm_handoff');
    await runOutboxOnce(s.container.deps); // the earlier conversation's waiting message (R12)
    const messageId = await agentReply(s, conversationId, 'Hello from the team', agentId);
    await runOutboxOnce(s.container.deps);
    const request = graph.to('/v21.0/me/messages').at(-1)!;
    expect(request.url.searchParams.get('access_token')).toBe('EAAPAGE');
    expect(request.body).toEqual({ recipient: { id: '2000000000000001' }, messaging_type: 'RESPONSE', message: { text: 'Hello from the team' } });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === messageId)!.delivery).toBe('sent');
  });
});
