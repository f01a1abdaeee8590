import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutboxOnce } from '../src/channels/outbox/worker.ts';
import { connectStream, startTestServer, type TestServer } from './harness.ts';
import { StandIn } from './channels/support/stand-in.ts';
import { startSmtpStandIn } from './channels/support/smtp-stand-in.ts';
import { startVisitor, visitorSocket } from './channels/support/visitor.ts';
import { customerWrites, messages, ready, staff } from './agent-tools/support.ts';

/**
 * Internal notes (issue #15): a private note on each channel type reaches
 * no platform stand-in, no outbox row, no visitor socket and not the
 * widget's history; staff see it with `private: true`; a mention is told.
 */
let s: TestServer;
let platform: StandIn;
let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
const NOTE = 'refund approved internally, do not tell yet';

const configs = (): Record<string, Record<string, unknown>> => ({
  line: { apiBaseUrl: platform.url, channelSecret: 'line-secret', channelAccessToken: 'line-token' },
  telegram: { apiBaseUrl: platform.url, botToken: '123:abc', secretToken: 'tg-secret' },
  whatsapp: { apiBaseUrl: platform.url, version: 'v21.0', phoneNumberId: '1555', accessToken: 'EAAJB', appSecret: 'wa-secret', verifyToken: 'v' },
  messenger: { apiBaseUrl: platform.url, version: '21.0', pageAccessToken: 'EAAPAGE', appSecret: 'fb-secret', verifyToken: 'v' },
  email: { address: 'help@shop.test', fromName: 'Shop', smtpUrl: relay.url },
  api: {},
});

async function drainOutbox() {
  for (let i = 0; i < 10 && (await runOutboxOnce(s.container.deps)) > 0; i++);
}

const everythingSent = () => JSON.stringify(platform.requests.map((r) => r.body)) + JSON.stringify(relay.mails.map((m) => `${m.subject} ${m.text}`));

describe('internal notes', () => {
  let mei: Awaited<ReturnType<typeof staff>>;
  let ken: Awaited<ReturnType<typeof staff>>;

  beforeAll(async () => {
    s = await startTestServer();
    platform = await new StandIn(() => ({
      status: 200,
      body: { messages: [{ id: 'wamid.1' }], message_id: 'mid.1', ok: true, result: { message_id: 1 } },
    })).start();
    relay = await startSmtpStandIn();
    mei = await staff(s, 'Mei', 'agent', 50);
    ken = await staff(s, 'Ken Wu');
    await ready(s, mei.id);
  });
  afterAll(async () => {
    await platform.close();
    await relay.close();
    await s.close();
  });

  for (const type of ['line', 'telegram', 'whatsapp', 'messenger', 'email', 'api']) {
    it(`on ${type}: the reply goes out, the note reaches no platform and no outbox row`, async () => {
      const channel = await s.api('POST', '/channels', { type, name: `${type} notes`, bot: false, config: configs()[type] });
      expect(channel.status).toBe(201);
      const externalId = type === 'email' ? `customer-${randomBytes(3).toString('hex')}@example.com` : `u-${randomBytes(4).toString('hex')}`;
      const { conversationId } = await customerWrites(s, channel.body.id, externalId, 'where is my parcel?');
      const reply = await mei.api('POST', `/conversations/${conversationId}/messages`, { text: `public reply on ${type}` });
      expect(reply.status).toBe(201);
      const note = await mei.api('POST', `/conversations/${conversationId}/messages`, { text: `@Ken Wu ${NOTE} (${type})`, private: true });
      expect(note.status).toBe(201);
      expect(note.body).toMatchObject({ private: true, mentions: [ken.id], sender: 'agent', delivery: null });
      await drainOutbox();

      if (type !== 'api') expect(everythingSent()).toContain(`public reply on ${type}`);
      expect(everythingSent()).not.toContain(NOTE);
      const outbox = await s.container.deps.db.selectFrom('outbox').select('id').where('message_id', '=', note.body.id).execute();
      expect(outbox).toEqual([]);
      const staffView = await messages(s, conversationId);
      expect(staffView.find((m) => m.id === note.body.id)).toMatchObject({ private: true, text: expect.stringContaining(NOTE) });
      expect(staffView.find((m) => m.id === reply.body.id)).toMatchObject({ private: false });
    });
  }

  it('on web chat: never on the visitor socket nor in the widget history; the mentioned agent is told', async () => {
    const channel = await s.api('POST', '/channels', { type: 'webchat', name: 'Web notes', bot: false });
    const visitor = await startVisitor(s, channel.body.id, 'Lin');
    const socket = await visitorSocket(s, visitor.token);
    const kenStream = await connectStream(s.url, ken.token);
    const sent = await visitor.api('POST', '/webchat/messages', { text: 'hello?' });
    expect(sent.status).toBeLessThan(300);
    const conversationId = sent.body.conversationId as string;
    await mei.api('POST', `/conversations/${conversationId}/messages`, { text: 'hi, Mei here' });
    const note = await mei.api('POST', `/conversations/${conversationId}/messages`, { text: `${NOTE} — @ken wu please check`, private: true });
    expect(note.status).toBe(201);
    await mei.api('POST', `/conversations/${conversationId}/messages`, { text: 'one more public line' });

    await socket.next((f) => f.type === 'message.created' && f.data.text === 'one more public line');
    expect(JSON.stringify(socket.frames)).not.toContain(NOTE);
    const widgetHistory = await visitor.api('GET', '/webchat/session');
    expect(widgetHistory.body.messages.map((m: any) => m.text)).toEqual(['hello?', 'hi, Mei here', 'one more public line']);
    // The note's id is not one the visitor can mark read either.
    expect((await visitor.api('POST', '/webchat/read', { messageId: note.body.id })).status).toBe(404);

    const told = await kenStream.next((f) => f.type === 'note.mentioned');
    expect(told.data).toMatchObject({ conversationId, messageId: note.body.id, agentId: ken.id, byAgentId: mei.id });
    await kenStream.next((f) => f.type === 'message.created' && f.data.id === note.body.id && f.data.private === true);
    socket.close();
    kenStream.close();
  });

  it('a note does not count as the first reply, and an unknown mention is a 400', async () => {
    const channel = await s.api('POST', '/channels', { type: 'api', name: 'api 2', bot: false });
    const { conversationId } = await customerWrites(s, channel.body.id, 'c-first', 'hi');
    await mei.api('POST', `/conversations/${conversationId}/messages`, { text: 'thinking…', private: true });
    const bad = await mei.api('POST', `/conversations/${conversationId}/messages`, { text: 'x', private: true, mentions: ['agt_nobody'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const row = await s.container.deps.db
      .selectFrom('conversations')
      .select(['assigned_at', 'timer_at'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    const activity = await s.container.deps.db
      .selectFrom('messages')
      .select('id')
      .where('conversation_id', '=', conversationId)
      .where('sender', '=', 'agent')
      .where('private', '=', false)
      .execute();
    expect(activity).toEqual([]);
    expect(row.assigned_at).not.toBeNull();
  });
});
