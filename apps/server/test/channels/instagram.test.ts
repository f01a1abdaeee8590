import { HOUR_MS } from '@switchboard/core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const APP_SECRET = 'instagram-app-secret';
const IG_ID = '17841400000000001';
const IGSID = '3000000000000001';
const MID = 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAw';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/instagram/${name}`, import.meta.url), 'utf8');

describe('Instagram channel (#14)', () => {
  let s: TestServer;
  let graph: StandIn;
  let channelId: string;
  let agentId: string;
  const send = (raw: string, secret = APP_SECRET) => postWebhook(s, `/webhooks/instagram/${channelId}`, raw, { 'x-hub-signature-256': `sha256=${hmac(secret, raw, 'hex')}` });

  beforeAll(async () => {
    s = await startTestServer();
    graph = await new StandIn((req) =>
      req.method === 'GET' ? { status: 200, body: { name: 'Aiko Tanaka', username: 'aiko.t', id: IGSID } } : { status: 200, body: { recipient_id: IGSID, message_id: 'aWdfZAG1fOUT' } },
    ).start();
    channelId = await createChannel(s, 'instagram', { apiBaseUrl: graph.url, instagramAccountId: IG_ID, accessToken: 'IGAA-token', appSecret: APP_SECRET, verifyToken: 'ig-verify' }, { bot: false });
    agentId = await createReadyAgent(s, 'ig-agent@example.com');
  });
  afterAll(async () => {
    await s.close();
    await graph.close();
  });

  it('answers the Meta handshake only with the verify token, and refuses a bad or missing signature', async () => {
    const ok = await fetch(`${s.url}/api/v1/webhooks/instagram/${channelId}?hub.mode=subscribe&hub.verify_token=ig-verify&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    expect((await fetch(`${s.url}/api/v1/webhooks/instagram/${channelId}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`)).status).toBe(403);
    expect(await send(fixture('text-message.json'), 'not-the-secret')).toMatchObject({ status: 401, body: { error: { code: 'INVALID_SIGNATURE' } } });
    expect((await postWebhook(s, `/webhooks/instagram/${channelId}`, fixture('text-message.json'), {})).status).toBe(401);
    // A Messenger payload is not an Instagram one.
    const page = JSON.stringify({ object: 'page', entry: [] });
    expect((await send(page)).status).toBe(400);
  });

  it('stores the documented message under the IGSID, named from the profile API; replies through the Instagram Send API', async () => {
    expect((await send(fixture('text-message.json'))).status).toBe(200);
    expect((await send(fixture('text-message.json'))).status).toBe(200); // redelivery: stored once
    const conversationId = await conversationOf(s, channelId, MID);
    const messages = await messagesOf(s, conversationId);
    expect(messages.filter((m) => m.sender === 'customer')).toMatchObject([{ text: 'Do you ship to Osaka?' }]);
    const profile = graph.requests.find((r) => r.method === 'GET')!;
    expect(profile.path).toBe(`/v21.0/${IGSID}`);
    expect(profile.url.searchParams.get('fields')).toBe('name,username');
    const conv = await s.api('GET', `/conversations/${conversationId}`);
    expect((await s.api('GET', `/contacts/${conv.body.contactId}`)).body).toMatchObject({ name: 'Aiko Tanaka', identities: [{ externalId: IGSID }] });

    expect((await s.api('GET', `/conversations/${conversationId}`)).body).toMatchObject({ status: 'processing', assigneeId: agentId });
    await runOutboxOnce(s.container.deps);
    const replyId = await agentReply(s, conversationId, 'Yes, within 2 days', agentId);
    await runOutboxOnce(s.container.deps);
    const sent = graph.requests.filter((r) => r.method === 'POST' && r.path === `/v21.0/${IG_ID}/messages`).at(-1)!;
    expect(sent.headers.authorization).toBe('Bearer IGAA-token');
    expect(sent.body).toEqual({ recipient: { id: IGSID }, messaging_type: 'RESPONSE', message: { text: 'Yes, within 2 days' } });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === replyId)).toMatchObject({ delivery: 'sent' });

    // After 24 hours a person may still answer, tagged HUMAN_AGENT.
    s.clock.advance(25 * HOUR_MS);
    await agentReply(s, conversationId, 'Following up', agentId);
    await runOutboxOnce(s.container.deps);
    expect(graph.requests.at(-1)!.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('hides a message the customer deleted (is_deleted), keeping it stored', async () => {
    expect((await send(fixture('message-deleted.json'))).status).toBe(200);
    const conversationId = await conversationOf(s, channelId, MID);
    const [first] = await messagesOf(s, conversationId);
    expect(first).toMatchObject({ externalMessageId: MID, text: '', platform: { unsent: true } });
  });
});
