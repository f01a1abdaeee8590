import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDns, LOOPBACK_SPF } from './support/fake-dns.ts';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, messagesOf } from './support/flows.ts';
import { startSmtpStandIn } from './support/smtp-stand-in.ts';

const ADDRESS = 'threads@shop.test';

describe('e-mail threading by In-Reply-To / References and the subject (#14)', () => {
  let s: TestServer;
  let listener: SmtpListener;
  let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let channelId: string;
  let agentId: string;
  let mailer: nodemailer.Transporter;
  const mail = (m: nodemailer.SendMailOptions) => mailer.sendMail({ from: '"Alice Chen" <alice@example.com>', to: ADDRESS, ...m });
  const contactOf = async (conversationId: string) => (await s.api('GET', `/conversations/${conversationId}`)).body.contactId as string;

  beforeAll(async () => {
    s = await startTestServer();
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', resolver: fakeDns(LOOPBACK_SPF) });
    relay = await startSmtpStandIn();
    channelId = await createChannel(s, 'email', { address: ADDRESS, smtpUrl: relay.url }, { bot: false });
    agentId = await createReadyAgent(s, 'threads@example.com');
    mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    mailer.close();
    await listener.close();
    await relay.close();
    await s.close();
  });

  it('an answer after close opens a conversation of the same contact that names the one it answers; the subject is shown', async () => {
    await mail({ subject: 'Broken vase', messageId: '<t1@example.com>', text: 'My vase arrived broken.' });
    const first = await conversationOf(s, channelId, '<t1@example.com>');
    expect((await messagesOf(s, first))[0]).toMatchObject({ platform: { subject: 'Broken vase' } });
    const replyId = await agentReply(s, first, 'We will send a new one.', agentId);
    await runOutboxOnce(s.container.deps);
    await runOutboxOnce(s.container.deps);
    expect(relay.mails.some((m) => m.messageId === `<${replyId}@shop.test>`)).toBe(true);
    expect((await s.api('POST', `/conversations/${first}/close`, { agentId })).status).toBe(200);

    await mail({ subject: 'Re: Broken vase', messageId: '<t2@example.com>', inReplyTo: `<${replyId}@shop.test>`, references: [`<t1@example.com>`, `<${replyId}@shop.test>`], text: 'Thanks! When will it ship?' });
    const second = await conversationOf(s, channelId, '<t2@example.com>');
    expect(second).not.toBe(first);
    expect(await contactOf(second)).toBe(await contactOf(first));
    const [answer] = await messagesOf(s, second);
    expect(answer).toMatchObject({ text: 'Thanks! When will it ship?', platform: { subject: 'Re: Broken vase', thread: { conversationId: first } } });
  });

  it('a verified answer in the thread from a new address (the customer\'s colleague) joins the open conversation under the same contact', async () => {
    await mail({ subject: 'Invoice', messageId: '<t10@example.com>', text: 'Please resend the invoice.' });
    const open = await conversationOf(s, channelId, '<t10@example.com>');
    // References only, no In-Reply-To (some clients send just that).
    await mailer.sendMail({ from: '"Bob Lin" <bob@example.com>', to: ADDRESS, subject: 'Re: Invoice', messageId: '<t11@example.com>', references: ['<t10@example.com>'], text: 'Also to me, please.' });
    expect(await conversationOf(s, channelId, '<t11@example.com>')).toBe(open);
    const contact = await s.api('GET', `/contacts/${await contactOf(open)}`);
    expect(contact.body.identities.map((i: { externalId: string }) => i.externalId).sort()).toEqual(['alice@example.com', 'bob@example.com']);
    const bobs = (await messagesOf(s, open)).find((m) => m.externalMessageId === '<t11@example.com>') as any;
    expect(bobs.platform.thread).toBeUndefined();
  });

  it('a mail naming no known message threads by the sender as before', async () => {
    await mail({ subject: 'Another thing', messageId: '<t20@example.com>', inReplyTo: '<unknown@elsewhere.example>', text: 'New question.' });
    const conv = await conversationOf(s, channelId, '<t20@example.com>');
    const m = (await messagesOf(s, conv)).find((x) => x.externalMessageId === '<t20@example.com>')!;
    expect(m).toMatchObject({ platform: { subject: 'Another thing' } });
    expect((m as any).platform.thread).toBeUndefined();
  });
});
