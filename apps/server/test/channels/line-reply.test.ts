import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLY_TOKEN_TTL_MS } from '../../src/channels/line/send.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { connectStream, startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';

const SECRET = 'line-reply-secret';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/line/${name}`, import.meta.url), 'utf8');
const text = (userId: string, id: string, words: string, replyToken = `rt-${id}`) =>
  JSON.stringify({
    destination: 'x',
    events: [{ type: 'message', mode: 'active', timestamp: 1462629479859, webhookEventId: `evt-${id}`, deliveryContext: { isRedelivery: false }, replyToken, source: { type: 'user', userId }, message: { id, type: 'text', text: words } }],
  });

describe('LINE Reply API, welcome, unsend and group speakers (#14)', () => {
  let s: TestServer;
  let line: StandIn;
  let channelId: string;
  let agentId: string;
  const send = (body: string) => postWebhook(s, `/webhooks/line/${channelId}`, body, { 'x-line-signature': hmac(SECRET, body, 'base64') });
  const sentAs = async (conversationId: string, messageId: string) => (await messagesOf(s, conversationId)).find((m) => m.id === messageId) as any;

  beforeAll(async () => {
    s = await startTestServer();
    line = await new StandIn((req) => {
      if (req.path.includes('/member/')) return { status: 200, body: { displayName: 'Cony', userId: 'U4af4980629000000000000000000000' } };
      if (req.path.startsWith('/v2/bot/profile/')) return { status: 200, body: { displayName: 'Brown' } };
      return { status: 200, body: { sentMessages: [{ id: `${Date.now()}${line.requests.length}` }] } };
    }).start();
    channelId = await createChannel(s, 'line', { apiBaseUrl: line.url, channelSecret: SECRET, channelAccessToken: 'tok', welcomeMessage: 'Welcome! Write to us any time.' }, { bot: false });
    agentId = await createReadyAgent(s, 'line-reply@example.com');
  });
  afterAll(async () => {
    await s.close();
    await line.close();
  });

  it('answers with the Reply API while the token is fresh, once per token, then pushes; deliveredVia is recorded', async () => {
    const user = 'U00000000000000000000000000reply1';
    await send(text(user, '800000000000000001', 'agent please'));
    const conversationId = await conversationOf(s, channelId, '800000000000000001');
    expect((await s.api('GET', `/conversations/${conversationId}`)).body).toMatchObject({ status: 'processing', assigneeId: agentId });
    await runOutboxOnce(s.container.deps); // earlier conversations' R12 waiting messages
    const first = await agentReply(s, conversationId, 'Hi, Ann here', agentId);
    await runOutboxOnce(s.container.deps);
    const reply = line.to('/v2/bot/message/reply');
    expect(reply.at(-1)!.body).toEqual({ replyToken: 'rt-800000000000000001', messages: [{ type: 'text', text: 'Hi, Ann here' }] });
    expect(reply.at(-1)!.headers.authorization).toBe('Bearer tok');
    expect(await sentAs(conversationId, first)).toMatchObject({ delivery: 'sent', platform: { deliveredVia: 'reply' } });

    const stream = await connectStream(s.url, s.adminToken);
    const pushesBefore = line.to('/v2/bot/message/push').length;
    const answer = await agentReply(s, conversationId, 'Hello from Ann', agentId);
    await runOutboxOnce(s.container.deps);
    expect(line.to('/v2/bot/message/reply')).toHaveLength(reply.length); // the token was used once
    expect(line.to('/v2/bot/message/push')).toHaveLength(pushesBefore + 1);
    expect(line.to('/v2/bot/message/push').at(-1)!.body).toEqual({ to: user, messages: [{ type: 'text', text: 'Hello from Ann' }] });
    expect((await sentAs(conversationId, answer)).platform).toEqual({ deliveredVia: 'push' });
    const changed = await stream.next((f) => f.type === 'message.delivery_changed' && f.data.id === answer);
    expect(changed.data).toMatchObject({ delivery: 'sent', deliveredVia: 'push' });
    stream.close();

    // A new customer message brings a new token: the next answer is free again.
    await send(text(user, '800000000000000002', 'thanks, one more thing'));
    const second = await agentReply(s, conversationId, 'Sure', agentId);
    await runOutboxOnce(s.container.deps);
    expect(line.to('/v2/bot/message/reply').at(-1)!.body).toMatchObject({ replyToken: 'rt-800000000000000002' });
    expect((await sentAs(conversationId, second)).platform).toEqual({ deliveredVia: 'reply' });
    // The token is never shown to agents.
    expect(JSON.stringify(await messagesOf(s, conversationId))).not.toContain('rt-8000');
  });

  it('pushes once the token is older than a minute, and falls back to push when LINE refuses the token', async () => {
    const user = 'U00000000000000000000000000reply2';
    await send(text(user, '800000000000000011', 'agent'));
    const conversationId = await conversationOf(s, channelId, '800000000000000011');
    await runOutboxOnce(s.container.deps);
    await send(text(user, '800000000000000012', 'hello?'));
    s.clock.advance(REPLY_TOKEN_TTL_MS + 1);
    const replies = line.to('/v2/bot/message/reply').length;
    const late = await agentReply(s, conversationId, 'Sorry for the wait', agentId);
    await runOutboxOnce(s.container.deps);
    expect(line.to('/v2/bot/message/reply')).toHaveLength(replies);
    expect((await sentAs(conversationId, late)).platform).toEqual({ deliveredVia: 'push' });

    await send(text(user, '800000000000000013', 'ok'));
    line.failNext(1, 400, { message: 'Invalid reply token' });
    const refused = await agentReply(s, conversationId, 'Anything else?', agentId);
    await runOutboxOnce(s.container.deps);
    expect(line.to('/v2/bot/message/reply').at(-1)!.body.replyToken).toBe('rt-800000000000000013');
    expect(line.to('/v2/bot/message/push').at(-1)!.body.messages[0].text).toBe('Anything else?');
    expect(await sentAs(conversationId, refused)).toMatchObject({ delivery: 'sent', platform: { deliveredVia: 'push' } });
  });

  it('welcomes a new friend with the Reply API on follow, opening no conversation (LINE "Follow event" example)', async () => {
    const conversations = await s.container.deps.db.selectFrom('conversations').select('id').where('channel_id', '=', channelId).execute();
    const res = await send(fixture('follow.json'));
    expect(res.status).toBe(200);
    expect(line.to('/v2/bot/message/reply').at(-1)!.body).toEqual({ replyToken: '85cbe770fa8b4f45bbe077b1d4be4a36', messages: [{ type: 'text', text: 'Welcome! Write to us any time.' }] });
    const after = await s.container.deps.db.selectFrom('conversations').select('id').where('channel_id', '=', channelId).execute();
    expect(after).toHaveLength(conversations.length);
  });

  it('keeps who spoke in a group, and hides an unsent message from agents while keeping it stored (LINE examples)', async () => {
    expect((await send(fixture('group-text.json'))).status).toBe(200);
    const conversationId = await conversationOf(s, channelId, '468789577898262530');
    const [said] = await messagesOf(s, conversationId);
    expect(said).toMatchObject({ text: '@example Hello, world! (love)', platform: { speaker: { id: 'U4af4980629000000000000000000000', name: 'Cony' } } });
    expect(line.requests.some((r) => r.path === '/v2/bot/group/Ca56f94637c0000000000000000000000/member/U4af4980629000000000000000000000')).toBe(true);

    const stream = await connectStream(s.url, s.adminToken);
    expect((await send(fixture('unsend-group.json'))).status).toBe(200);
    const updated = await stream.next((f) => f.type === 'message.updated' && f.data.id === said!.id);
    expect(updated.data).toMatchObject({ text: '', attachments: [], platform: { unsent: true } });
    stream.close();
    const [hidden] = await messagesOf(s, conversationId);
    expect(hidden).toMatchObject({ text: '', platform: { unsent: true } });
    const stored = await s.container.deps.db.selectFrom('messages').select('text').where('id', '=', said!.id).executeTakeFirstOrThrow();
    expect(stored.text).toBe('@example Hello, world! (love)');
  });
});
