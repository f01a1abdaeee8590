import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDns, LOOPBACK_SPF } from './support/fake-dns.ts';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, messagesOf } from './support/flows.ts';
import { startSmtpStandIn } from './support/smtp-stand-in.ts';

const ADDRESS = 'support@shop.test';

describe('e-mail channel', () => {
  let s: TestServer;
  let listener: SmtpListener;
  let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let channelId: string;
  let mailer: nodemailer.Transporter;
  const mail = (m: nodemailer.SendMailOptions) => mailer.sendMail({ from: '"Alice Chen" <alice@example.com>', to: ADDRESS, ...m });

  beforeAll(async () => {
    s = await startTestServer();
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', maxBytes: 200_000, resolver: fakeDns(LOOPBACK_SPF) });
    relay = await startSmtpStandIn();
    channelId = await createChannel(s, 'email', { address: ADDRESS, fromName: 'Shop Support', smtpUrl: relay.url }, { bot: false });
    mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    mailer.close();
    await listener.close();
    await relay.close();
    await s.close();
  });

  it('stores the plain-text part, attachments as metadata, and the SPF/DKIM verdicts it verified (not the ones the mail claims)', async () => {
    await mail({
      subject: 'Order #1234 arrived broken',
      messageId: '<first-1234@example.com>',
      text: 'The vase arrived in pieces.\nPhoto attached.',
      html: '<p>The <b>vase</b> arrived in pieces.</p>',
      headers: { 'Authentication-Results': 'mx.shop.test; spf=pass smtp.mailfrom=example.com; dkim=pass header.d=example.com' },
      attachments: [{ filename: 'vase.jpg', content: Buffer.from('not really a jpeg'), contentType: 'image/jpeg' }],
    });
    const conversationId = await conversationOf(s, channelId, '<first-1234@example.com>');
    const [message] = await messagesOf(s, conversationId);
    expect(message!.text).toBe('The vase arrived in pieces.\nPhoto attached.');
    // Bytes that are not the JPEG they claim to be are not kept (issue #10): the agent sees what was attached and why it is not there.
    expect(message!.attachments).toEqual([
      {
        type: 'image',
        filename: 'vase.jpg',
        contentType: 'image/jpeg',
        size: 17,
        checksum: expect.any(String),
        refused: 'UNSUPPORTED_MEDIA_TYPE',
        refusedBecause: 'files of type application/octet-stream are not accepted here',
      },
    ]);
    const headers = await s.container.deps.db.selectFrom('email_headers').selectAll().where('message_id', '=', message!.id).executeTakeFirstOrThrow();
    expect(headers).toMatchObject({ subject: 'Order #1234 arrived broken', spf: 'pass', dkim: 'none', dmarc: 'none' });
    const conv = await s.api('GET', `/conversations/${conversationId}`);
    expect((await s.api('GET', `/contacts/${conv.body.contactId}`)).body).toMatchObject({ name: 'Alice Chen', identities: [{ externalId: 'alice@example.com' }] });
  });

  it('stores a mail delivered twice (same Message-ID) once', async () => {
    const m = { subject: 'dup', messageId: '<dup-1@example.com>', text: 'only once please', from: 'dup@example.com' };
    await mail(m);
    await mail(m);
    const stored = await messagesOf(s, await conversationOf(s, channelId, '<dup-1@example.com>'));
    expect(stored.filter((m) => m.sender === 'customer')).toHaveLength(1);
    // The one handoff answered with the waiting message (R12), once.
    expect(stored.filter((m) => m.sender === 'system')).toHaveLength(1);
  });

  it('strips the quoted history of a reply and reads HTML-only mail as text', async () => {
    await mail({ from: 'bob@example.com', messageId: '<q-1@example.com>', subject: 'Re: x', text: 'Yes, that works for me.\n\nOn Mon, Nov 23, 2026 at 9:00 AM Shop Support <support@shop.test> wrote:\n> Would Tuesday work?\n> Thanks' });
    await mail({ from: 'bob@example.com', messageId: '<q-2@example.com>', subject: 'Re: x', html: '<div>Thanks <b>a lot</b>!</div>' });
    const items = await messagesOf(s, await conversationOf(s, channelId, '<q-1@example.com>'));
    expect(items.filter((m) => m.sender === 'customer').map((m) => m.text)).toEqual(['Yes, that works for me.', 'Thanks a lot!']);
  });

  it('refuses mail for an address no channel owns (550) and mail over the size limit (552)', async () => {
    await expect(mail({ to: 'nobody@shop.test', text: 'hello?' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(mail({ text: 'x'.repeat(300_000), messageId: '<big@example.com>' })).rejects.toMatchObject({ responseCode: 552 });
  });

  it('replies through SMTP so the reply threads, and the customer’s answer joins the same conversation', async () => {
    const agentId = await createReadyAgent(s, 'mail-agent@example.com');
    await mail({ from: 'carol@example.com', subject: 'Refund', messageId: '<refund-1@example.com>', text: 'agent' });
    const conversationId = await conversationOf(s, channelId, '<refund-1@example.com>');
    // The waiting messages (R12) of the mails so far go first.
    await runOutboxOnce(s.container.deps);
    const before = relay.mails.length;
    const messageId = await agentReply(s, conversationId, 'Your refund is on its way.', agentId);
    relay.failNext(1);
    await runOutboxOnce(s.container.deps);
    expect(relay.mails).toHaveLength(before);
    s.clock.advance(2000);
    await runOutboxOnce(s.container.deps);
    expect(relay.mails).toHaveLength(before + 1);
    const sent = relay.mails[before]!;
    expect(sent.from?.value[0]).toEqual({ address: ADDRESS, name: 'Shop Support' });
    expect(sent.to).toMatchObject({ value: [{ address: 'carol@example.com' }] });
    expect(sent.subject).toBe('Re: Refund');
    expect(sent.inReplyTo).toBe('<refund-1@example.com>');
    expect(sent.references).toBe('<refund-1@example.com>');
    expect(sent.messageId).toBe(`<${messageId}@shop.test>`);
    expect(sent.text?.trim()).toBe('Your refund is on its way.');

    await mail({ from: 'carol@example.com', subject: 'Re: Refund', messageId: '<refund-2@example.com>', inReplyTo: sent.messageId, references: ['<refund-1@example.com>', sent.messageId!], text: 'Thank you!\n\nOn Tue, Shop Support wrote:\n> Your refund is on its way.' });
    expect(await conversationOf(s, channelId, '<refund-2@example.com>')).toBe(conversationId);
    const next = await agentReply(s, conversationId, 'You are welcome.', agentId);
    await runOutboxOnce(s.container.deps);
    const second = relay.mails[before + 1]!;
    expect(second.inReplyTo).toBe('<refund-2@example.com>');
    expect(second.references).toEqual(['<refund-1@example.com>', `<${messageId}@shop.test>`, '<refund-2@example.com>']);
    expect((await messagesOf(s, conversationId)).find((m) => m.id === next)!.delivery).toBe('sent');
  });
});
