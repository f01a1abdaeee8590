import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { agentReply, conversationOf, createChannel, createReadyAgent, messagesOf } from './support/flows.ts';
import { startSmtpStandIn } from './support/smtp-stand-in.ts';

const ADDRESS = 'support@shop.test';
/** Fixtures in fixtures/email/: sources in fixtures/README.md. */
const fixture = (path: string) => readFileSync(new URL(`./fixtures/email/${path}`, import.meta.url), 'utf8');

describe('e-mail as clients and mail servers really send it (#14)', () => {
  let s: TestServer;
  let listener: SmtpListener;
  let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let channelId: string;
  let mailer: nodemailer.Transporter;
  /** A whole mail as bytes, with the envelope sender given apart ('' is MAIL FROM:<>, as bounces are sent). */
  const sendRaw = (raw: string, envelopeFrom: string) => mailer.sendMail({ envelope: { from: envelopeFrom, to: [ADDRESS] }, raw });
  const mail = (m: nodemailer.SendMailOptions) => mailer.sendMail({ from: '"Alice Chen" <alice@example.com>', to: ADDRESS, ...m });
  const countConversations = async () => Number((await s.container.deps.db.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    s = await startTestServer();
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1' });
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

  it('keeps an answer written below the quote (finding 1, email_reply_parser email_1_2)', async () => {
    await mail({ messageId: '<bottom-1@example.com>', subject: 'Re: Riak', text: fixture('replies/email_1_2.txt') });
    const [message] = await messagesOf(s, await conversationOf(s, channelId, '<bottom-1@example.com>'));
    expect(message!.text).toMatch(/^Hi,\n\nYou can list the keys for the bucket and call delete for each\./);
    expect(message!.text).not.toContain('> Hi folks');
  });

  it('drops Outlook (Japanese) and Gmail (Chinese) history and phone signatures (finding 4)', async () => {
    await mail({ from: 'taro@example.com', messageId: '<ja-1@example.com>', subject: 'RE: ご注文', text: fixture('replies/outlook_ja.txt') });
    await mail({ from: 'ming@example.com', messageId: '<zh-1@example.com>', subject: 'Re: 訂單', text: fixture('replies/gmail_zh_attribution.txt') });
    expect((await messagesOf(s, await conversationOf(s, channelId, '<ja-1@example.com>')))[0]!.text).toBe('承知しました。土曜日に受け取ります。');
    expect((await messagesOf(s, await conversationOf(s, channelId, '<zh-1@example.com>')))[0]!.text).toBe('收到，謝謝！');
  });

  it('converts a mail whose only body is an HTML part inside multipart/mixed (finding 2)', async () => {
    await sendRaw(fixture('mails/html-only-mixed.eml'), 'kim@example.com');
    const [message] = await messagesOf(s, await conversationOf(s, channelId, '<html-only-1@example.com>'));
    expect(message!.text).toBe('My order #1234 never came.\nCan you check?');
    expect(message!.attachments).toEqual([expect.objectContaining({ type: 'image', filename: 'receipt.png' })]);
  });

  it('reads the HTML part when the text/plain alternative is empty (finding 2)', async () => {
    await sendRaw(fixture('mails/alternative-empty-plain.eml'), 'sam@example.com');
    const [message] = await messagesOf(s, await conversationOf(s, channelId, '<empty-plain-1@example.com>'));
    expect(message!.text).toBe('Could you send the invoice for order #1234?');
  });

  it('shows a mail forwarded as an attachment (message/rfc822) and names the part (finding 2)', async () => {
    await sendRaw(fixture('mails/forwarded-as-attachment.eml'), 'lee@example.com');
    const [message] = await messagesOf(s, await conversationOf(s, channelId, '<forward-attachment-1@example.com>'));
    expect(message!.text).toBe(
      [
        "Please see the courier's mail below. The address is right.",
        '',
        '---------- Forwarded message ----------',
        'From: "Courier" <noreply@courier.test>',
        'Date: Thu, 29 Feb 2024 16:30:00 GMT',
        'Subject: Delivery attempt failed',
        'To: lee@example.com',
        '',
        'We could not deliver parcel 1Z999AA10123456784: address not found.',
      ].join('\n'),
    );
    // The part is kept as a file too (issue #10), still shown as the mail it is.
    expect(message!.attachments).toEqual([
      {
        type: 'message',
        filename: 'Delivery attempt failed.eml',
        contentType: 'message/rfc822',
        size: expect.any(Number),
        checksum: expect.any(String),
        attachmentId: expect.stringMatching(/^att_/),
        name: 'Delivery attempt failed.eml',
        url: expect.stringMatching(/sig=/),
        expiresAt: expect.any(String),
      },
    ]);
  });

  it('turns an SES bounce of our reply into a failed delivery, not a conversation (finding 3)', async () => {
    const agentId = await createReadyAgent(s, 'bounce-agent@example.com');
    await mail({ from: 'gone@example.com', subject: 'Refund', messageId: '<gone-1@example.com>', text: 'agent' });
    const conversationId = await conversationOf(s, channelId, '<gone-1@example.com>');
    const replyId = await agentReply(s, conversationId, 'Your refund is on its way.', agentId);
    await runOutboxOnce(s.container.deps);
    // The agent's reply (the waiting message of R12 went out by mail too).
    const sentId = relay.mails.find((m) => m.messageId === `<${replyId}@shop.test>`)?.messageId ?? '';
    expect(sentId).toBe(`<${replyId}@shop.test>`);
    const before = await countConversations();

    const delayed = fixture('mails/ses-delivery-status.eml').replace('Message-ID: <xxxxx@email.amazonses.com>', `Message-ID: ${sentId}`);
    await sendRaw(delayed.replace('Action: failed', 'Action: delayed'), '');
    expect((await messagesOf(s, conversationId)).find((m) => m.id === replyId)!.delivery).toBe('sent');

    await sendRaw(delayed, '');
    const reply = (await messagesOf(s, conversationId)).find((m) => m.id === replyId)!;
    expect(reply.delivery).toBe('failed');
    expect(reply.deliveryError).toMatch(/^bounced: 5\.1\.1 Amazon SES did not send the message to this address because it is on the suppression list/);
    expect(await countConversations()).toBe(before);
    const daemon = await s.container.deps.db.selectFrom('contact_identities').select('external_id').where('external_id', 'like', 'mailer-daemon%').execute();
    expect(daemon).toEqual([]);
  });

  it('matches an SES bounce whose Message-ID SES rewrote, by the queue id in the relay\'s answer (finding 3)', async () => {
    const ses = await startSmtpStandIn({ queueId: (n) => `010001780a5e2f4b-6c0e8d2a-1b3c-4d5e-9f60-7a8b9c0d1e2${n}-000000` });
    const sesChannel = await createChannel(s, 'email', { address: 'help@shop.test', smtpUrl: ses.url }, { bot: false });
    const agentId = await createReadyAgent(s, 'ses-agent@example.com');
    await mail({ to: 'help@shop.test', from: 'moved@example.com', subject: 'Hi', messageId: '<moved-1@example.com>', text: 'agent' });
    const conversationId = await conversationOf(s, sesChannel, '<moved-1@example.com>');
    const replyId = await agentReply(s, conversationId, 'Hello!', agentId);
    await runOutboxOnce(s.container.deps);
    const bounce = fixture('mails/ses-delivery-status.eml').replace('<xxxxx@email.amazonses.com>', '<010001780a5e2f4b-6c0e8d2a-1b3c-4d5e-9f60-7a8b9c0d1e21-000000@email.amazonses.com>');
    await mailer.sendMail({ envelope: { from: '', to: ['help@shop.test'] }, raw: bounce });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === replyId)).toMatchObject({ delivery: 'failed', deliveryError: expect.stringMatching(/^bounced: 5\.1\.1 /) });
    await ses.close();
  });

  it('reads our Message-ID from the copy a plain-text (qmail) bounce pastes into its text (finding 3)', async () => {
    const agentId = await createReadyAgent(s, 'qmail-agent@example.com');
    await mail({ from: 'old-address@example.net', subject: 'Hi', messageId: '<old-1@example.net>', text: 'agent' });
    const conversationId = await conversationOf(s, channelId, '<old-1@example.net>');
    const replyId = await agentReply(s, conversationId, 'Hello!', agentId);
    await runOutboxOnce(s.container.deps);
    const text = fixture('mails/qmail-bounce.txt').replace('{{MESSAGE_ID}}', `<${replyId}@shop.test>`);
    await mailer.sendMail({ from: 'MAILER-DAEMON@mx.example.net', to: ADDRESS, subject: 'failure notice', text, envelope: { from: '', to: [ADDRESS] } });
    expect((await messagesOf(s, conversationId)).find((m) => m.id === replyId)).toMatchObject({ delivery: 'failed', deliveryError: 'bounced: failure notice' });
  });

  it.each([
    ['Auto-Submitted: auto-replied', { headers: { 'Auto-Submitted': 'auto-replied' } }, 'x@example.com'],
    ['X-Autoreply', { headers: { 'X-Autoreply': 'yes' } }, 'x@example.com'],
    ['Precedence: auto_reply', { headers: { Precedence: 'auto_reply' } }, 'x@example.com'],
    ['Precedence: bulk', { headers: { Precedence: 'bulk' } }, 'x@example.com'],
    ['an empty envelope sender', {}, ''],
    ['Return-Path: <> (a relay recorded the null sender)', { headers: { 'Return-Path': '<>' } }, 'x@example.com'],
    ['a MAILER-DAEMON sender (a plain-text bounce relayed with a sender address)', { from: 'Mail Delivery System <MAILER-DAEMON@mx.example.com>' }, 'bounces+srs@example.com'],
  ])('accepts and drops an automated mail marked by %s (finding 3)', async (_mark, extra, envelopeFrom) => {
    const before = await countConversations();
    const messageId = `<auto-${Math.abs(hash(_mark))}@example.com>`;
    const info = await mailer.sendMail({ from: 'ooo@example.com', to: ADDRESS, subject: 'Out of office', text: 'I am away until Monday.', messageId, envelope: { from: envelopeFrom, to: [ADDRESS] }, ...extra });
    expect(info.accepted).toEqual([ADDRESS]);
    expect(await countConversations()).toBe(before);
    expect(await s.container.deps.db.selectFrom('messages').select('id').where('external_id', '=', messageId).execute()).toEqual([]);
  });
});

const hash = (text: string) => [...text].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7);
