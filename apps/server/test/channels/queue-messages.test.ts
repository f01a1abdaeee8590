import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '@switchboard/core';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { runWaitingRepeats } from '../../src/policy/waiting-repeat.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { createChannel, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn } from './support/stand-in.ts';
import { startSmtpStandIn } from './support/smtp-stand-in.ts';
import { startVisitor, visitorSocket } from './support/visitor.ts';

/**
 * R11/R12 on every channel: the waiting message (position and estimate) and
 * the off-hours message (when agents return) are delivered to the platform
 * stand-in in that platform's own format. No agent is ready, so each
 * handoff waits. Tokyo hours Mon–Fri 09:00–18:00; the clock starts on
 * Tuesday 24 November 2026 at 10:00 JST (open) and moves to 19:00 (closed).
 */
const OPEN = Date.UTC(2026, 10, 24, 1, 0);
const CLOSED = Date.UTC(2026, 10, 24, 10, 0);
const WAITING = /^You are number 1 in the queue\. Estimated wait: as soon as an agent is free\.$/;
const OFF_HOURS = /agents are back Wed 09:00/;
const LINE_SECRET = 'line-secret';
const META_SECRET = 'meta-secret';
const TG_SECRET = 'tg-secret';
const TG_TOKEN = '42:TOKEN';
const PHONE = '1065403522';

describe('waiting and off-hours messages reach every channel', () => {
  let s: TestServer;
  let platform: StandIn;
  let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let listener: SmtpListener;
  let mailer: nodemailer.Transporter;
  const ch: Record<string, string> = {};

  beforeAll(async () => {
    s = await startTestServer({ clock: new FakeClock(OPEN) });
    platform = await new StandIn((req) =>
      req.path.startsWith('/v2/bot/profile/')
        ? { status: 200, body: { displayName: 'Brown' } }
        : { status: 200, body: { ok: true, result: { message_id: 1 }, messages: [{ id: 'wamid.1' }], message_id: 'm_1', sentMessages: [{ id: '1' }] } },
    ).start();
    relay = await startSmtpStandIn();
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', maxBytes: 200_000 });
    mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    const off = { bot: false };
    ch.line = await createChannel(s, 'line', { apiBaseUrl: platform.url, channelSecret: LINE_SECRET, channelAccessToken: 't' }, off);
    ch.telegram = await createChannel(s, 'telegram', { apiBaseUrl: platform.url, botToken: TG_TOKEN, secretToken: TG_SECRET }, off);
    ch.whatsapp = await createChannel(s, 'whatsapp', { apiBaseUrl: platform.url, version: 'v21.0', phoneNumberId: PHONE, accessToken: 't', appSecret: META_SECRET, verifyToken: 'v' }, off);
    ch.messenger = await createChannel(s, 'messenger', { apiBaseUrl: platform.url, version: '21.0', pageAccessToken: 't', appSecret: META_SECRET, verifyToken: 'v' }, off);
    ch.email = await createChannel(s, 'email', { address: 'help@shop.test', fromName: 'Shop', smtpUrl: relay.url }, off);
    ch.webchat = await createChannel(s, 'webchat', {}, off);
    ch.api = await createChannel(s, 'api', {}, off);
    const weekday = [['09:00', '18:00']];
    const put = await s.api('PUT', '/settings/business-hours', { timezone: 'Asia/Tokyo', weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday } });
    expect(put.status).toBe(200);
  });
  afterAll(async () => {
    mailer.close();
    await listener.close();
    await relay.close();
    await platform.close();
    await s.close();
  });

  /** One customer message on a channel, in the platform's webhook format. */
  async function customerWrites(type: string, who: string, text: string) {
    const meta = (object: string, entry: unknown) => {
      const raw = JSON.stringify({ object, entry: [entry] });
      return postWebhook(s, `/webhooks/${type}/${ch[type]}`, raw, { 'x-hub-signature-256': `sha256=${hmac(META_SECRET, raw, 'hex')}` });
    };
    switch (type) {
      case 'line': {
        const raw = JSON.stringify({ destination: 'x', events: [{ type: 'message', mode: 'active', timestamp: 1, source: { type: 'user', userId: who }, webhookEventId: `e-${who}`, deliveryContext: { isRedelivery: false }, replyToken: `r-${who}`, message: { id: `m-${who}`, type: 'text', text } }] });
        return postWebhook(s, `/webhooks/line/${ch.line}`, raw, { 'x-line-signature': hmac(LINE_SECRET, raw, 'base64') });
      }
      case 'telegram': {
        const id = Number(who);
        const update = { update_id: id, message: { message_id: id % 1000, from: { id, is_bot: false, first_name: 'T' }, chat: { id, type: 'private' }, date: 1, text } };
        return postWebhook(s, `/webhooks/telegram/${ch.telegram}`, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': TG_SECRET });
      }
      case 'whatsapp':
        return meta('whatsapp_business_account', { id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: PHONE }, contacts: [{ profile: { name: 'W' }, wa_id: who }], messages: [{ from: who, id: `wamid.${who}`, timestamp: '1', type: 'text', text: { body: text } }] } }] });
      case 'messenger':
        return meta('page', { id: 'page', time: 1, messaging: [{ sender: { id: who }, recipient: { id: 'page' }, timestamp: 1, message: { mid: `mid.${who}`, text } }] });
      case 'email':
        return mailer.sendMail({ from: `${who}@example.com`, to: 'help@shop.test', subject: 'Help', messageId: `<${who}@example.com>`, text });
      default:
        return s.api('POST', `/channels/${ch[type]}/inbound`, { contact: { externalId: who }, text });
    }
  }

  /** What the platform received for that customer, as text. */
  function platformTexts(type: string, who: string): string[] {
    switch (type) {
      case 'line':
        // The first answer uses the customer's fresh reply token (#14), later ones push.
        return platform.requests
          .filter((r) => (r.path === '/v2/bot/message/push' && r.body.to === who) || (r.path === '/v2/bot/message/reply' && r.body.replyToken === `r-${who}`))
          .flatMap((r) => r.body.messages.map((m: { text: string }) => m.text));
      case 'telegram':
        return platform.to(`/bot${TG_TOKEN}/sendMessage`).filter((r) => String(r.body.chat_id) === who).map((r) => r.body.text);
      case 'whatsapp':
        return platform.to(`/v21.0/${PHONE}/messages`).filter((r) => r.body.to === who).map((r) => r.body.text.body);
      case 'messenger':
        return platform.to('/v21.0/me/messages').filter((r) => r.body.recipient.id === who).map((r) => r.body.message.text);
      default:
        return relay.mails.filter((m) => m.to && JSON.stringify(m.to).includes(`${who}@example.com`)).map((m) => (m.text ?? '').trim());
    }
  }

  for (const type of ['line', 'telegram', 'whatsapp', 'messenger', 'email']) {
    it(`${type}: the waiting message in hours, the off-hours message with the opening after hours`, async () => {
      s.clock.set(OPEN);
      const early = type === 'telegram' ? '7001' : `${type}-early`;
      const late = type === 'telegram' ? '7002' : `${type}-late`;
      await customerWrites(type, early, 'I need a person');
      await runOutboxOnce(s.container.deps);
      expect(platformTexts(type, early)).toEqual([expect.stringMatching(WAITING)]);
      s.clock.set(CLOSED);
      await customerWrites(type, late, 'anyone there?');
      await runOutboxOnce(s.container.deps);
      const [offHours, ...rest] = platformTexts(type, late);
      expect(offHours).toMatch(OFF_HOURS);
      expect(rest).toEqual([]);
      // Both still queue (queueOutsideHours defaults to true): close them so the next channel's customer is number 1.
      for (const c of (await s.api('GET', '/conversations?status=waiting')).body.items) await s.api('POST', `/conversations/${c.id}/close`, {});
    });
  }

  it('web chat: the visitor sees the waiting and off-hours messages on its socket; api: they are stored as sent for the API client', async () => {
    s.clock.set(OPEN);
    const visitor = await startVisitor(s, ch.webchat!);
    const socket = await visitorSocket(s, visitor.token);
    await visitor.api('POST', '/webchat/messages', { text: 'help' });
    const frame = await socket.next((f) => f.type === 'message.created' && f.data.sender === 'system');
    expect(frame.data.text).toMatch(WAITING);
    socket.close();

    const res = await customerWrites('api', 'api-1', 'help');
    const items = await messagesOf(s, res.body.conversationId);
    expect(items.filter((m) => m.sender === 'system')).toEqual([expect.objectContaining({ text: expect.stringMatching(/^You are number 2 in the queue/), delivery: 'sent' })]);

    // After hours: the visitor's socket and the API client get the off-hours message with the opening.
    s.clock.set(CLOSED);
    const night = await startVisitor(s, ch.webchat!);
    const nightSocket = await visitorSocket(s, night.token);
    await night.api('POST', '/webchat/messages', { text: 'still open?' });
    const closed = await nightSocket.next((f) => f.type === 'message.created' && f.data.sender === 'system');
    expect(closed.data.text).toMatch(OFF_HOURS);
    nightSocket.close();
    const late = await customerWrites('api', 'api-2', 'help');
    expect((await messagesOf(s, late.body.conversationId)).filter((m) => m.sender === 'system')).toEqual([expect.objectContaining({ text: expect.stringMatching(OFF_HOURS), delivery: 'sent' })]);
    for (const c of (await s.api('GET', '/conversations?status=waiting')).body.items) await s.api('POST', `/conversations/${c.id}/close`, {});
  });

  it('line, telegram, whatsapp: the waiting message again every N minutes while it waits, in the platform format, and not once assigned', async () => {
    s.clock.set(OPEN);
    for (const c of (await s.api('GET', '/conversations?status=waiting')).body.items) await s.api('POST', `/conversations/${c.id}/close`, {});
    expect((await s.api('PATCH', '/settings/routing', { waitingRepeatSeconds: 300 })).status).toBe(200);
    const who = { line: 'line-repeat', telegram: '7003', whatsapp: 'wa-repeat' } as const;
    for (const [type, id] of Object.entries(who)) await customerWrites(type, id, 'a person please');
    await runOutboxOnce(s.container.deps);
    s.clock.advance(300_000);
    expect(await runWaitingRepeats(s.container.deps)).toBe(3);
    await runOutboxOnce(s.container.deps);
    for (const [type, id] of Object.entries(who)) {
      expect(platformTexts(type, id), type).toEqual([expect.stringMatching(/^You are number [123] in the queue\./), expect.stringMatching(/^You are number [123] in the queue\./)]);
    }
    const agent = (await s.api('POST', '/agents', { name: 'Rep', email: 'rep@example.com', capacity: 5 })).body.id;
    await s.api('PUT', `/agents/${agent}/presence`, { presence: 'ready' });
    s.clock.advance(300_000);
    await runWaitingRepeats(s.container.deps);
    await runOutboxOnce(s.container.deps);
    for (const [type, id] of Object.entries(who)) expect(platformTexts(type, id), type).toHaveLength(2);
    await s.api('PATCH', '/settings/routing', { waitingRepeatSeconds: null });
  });
});
