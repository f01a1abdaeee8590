import { generateKeyPairSync } from 'node:crypto';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { conversationOf, createChannel, messagesOf } from './support/flows.ts';
import { fakeDns } from './support/fake-dns.ts';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_TXT = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

/**
 * Issue #11, finding 11: a forged "Authentication-Results: spf=pass dkim=pass"
 * was stored as if verified, and a spoofed From joined the victim's open
 * conversation. victim.test signs its mail (DKIM) and publishes DMARC
 * p=reject; its SPF allows no one, so only the signature proves a mail.
 */
describe('inbound mail authentication', () => {
  let s: TestServer;
  let listener: SmtpListener;
  let strictChannel: string;
  let lenientChannel: string;
  const send = (m: nodemailer.SendMailOptions, signed: boolean) => {
    const mailer = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
      ...(signed && { dkim: { domainName: 'victim.test', keySelector: 'sel', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } }),
    });
    return mailer.sendMail({ from: '"Vic Tim" <ceo@victim.test>', ...m }).finally(() => mailer.close());
  };

  beforeAll(async () => {
    s = await startTestServer();
    const resolver = fakeDns({
      'TXT victim.test': ['v=spf1 -all'],
      'TXT sel._domainkey.victim.test': [DKIM_TXT],
      'TXT _dmarc.victim.test': ['v=DMARC1; p=reject'],
    });
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', resolver });
    strictChannel = await createChannel(s, 'email', { address: 'help@shop.test' }, { bot: false });
    lenientChannel = await createChannel(s, 'email', { address: 'lenient@shop.test', acceptUnverifiedMail: true }, { bot: false });
  });
  afterAll(async () => {
    await listener.close();
    await s.close();
  });

  const headersOf = (messageId: string) =>
    s.container.deps.db.selectFrom('email_headers').selectAll().where('message_id', '=', messageId).executeTakeFirstOrThrow();

  it('verifies a signed mail itself and shows the verdict on the message', async () => {
    await send({ to: 'help@shop.test', subject: 'Invoice', messageId: '<real-1@victim.test>', text: 'Please send the invoice.' }, true);
    const [message] = await messagesOf(s, await conversationOf(s, strictChannel, '<real-1@victim.test>'));
    expect((message as any).mailAuth).toEqual({ spf: 'fail', dkim: 'pass', dmarc: 'pass', verdict: 'pass' });
    expect(await headersOf(message!.id)).toMatchObject({ spf: 'fail', dkim: 'pass', dmarc: 'pass' });
  });

  it("keeps a spoofed mail out of the victim's conversation and ignores its forged Authentication-Results", async () => {
    const victim = await conversationOf(s, strictChannel, '<real-1@victim.test>');
    await send(
      {
        to: 'help@shop.test',
        subject: 'Re: Invoice',
        messageId: '<spoof-1@attacker.test>',
        inReplyTo: '<real-1@victim.test>',
        text: 'Please refund to account 999.',
        headers: { 'Authentication-Results': 'mx.shop.test; spf=pass smtp.mailfrom=victim.test; dkim=pass header.d=victim.test; dmarc=pass' },
      },
      false,
    );
    const spoofed = await conversationOf(s, strictChannel, '<spoof-1@attacker.test>');
    expect(spoofed).not.toBe(victim);
    expect((await messagesOf(s, victim)).filter((m) => m.sender === 'customer').map((m) => m.text)).toEqual(['Please send the invoice.']);
    const [message] = await messagesOf(s, spoofed);
    expect((message as any).mailAuth).toMatchObject({ spf: 'fail', dmarc: 'fail', verdict: 'fail' });
    expect(await headersOf(message!.id)).toMatchObject({ spf: 'fail', dmarc: 'fail' });
    const conv = await s.api('GET', `/conversations/${spoofed}`);
    expect((await s.api('GET', `/contacts/${conv.body.contactId}`)).body.name).toBe('Vic Tim (unverified)');
  });

  it('lets unverified mail join as usual where the channel accepts it, still marked as failed', async () => {
    await send({ to: 'lenient@shop.test', subject: 'Hi', messageId: '<real-2@victim.test>', text: 'first' }, true);
    await send({ to: 'lenient@shop.test', subject: 'Hi', messageId: '<spoof-2@attacker.test>', text: 'second' }, false);
    const first = await conversationOf(s, lenientChannel, '<real-2@victim.test>');
    expect(await conversationOf(s, lenientChannel, '<spoof-2@attacker.test>')).toBe(first);
    const items = (await messagesOf(s, first)).filter((m) => m.sender === 'customer');
    expect(items.map((m: any) => m.mailAuth.verdict)).toEqual(['pass', 'fail']);
  });
});

/** Issue #11 "unless the workspace says otherwise": the workspace decides, a channel's own setting wins. */
describe('unverified mail: the workspace setting and the channel override', () => {
  let s: TestServer;
  let listener: SmtpListener;
  const send = (m: nodemailer.SendMailOptions, signed: boolean) => {
    const mailer = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      secure: false,
      ignoreTLS: true,
      ...(signed && { dkim: { domainName: 'victim.test', keySelector: 'sel', privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() } }),
    });
    return mailer.sendMail({ from: '"Vic Tim" <ceo@victim.test>', ...m }).finally(() => mailer.close());
  };
  beforeAll(async () => {
    s = await startTestServer();
    const resolver = fakeDns({ 'TXT victim.test': ['v=spf1 -all'], 'TXT sel._domainkey.victim.test': [DKIM_TXT], 'TXT _dmarc.victim.test': ['v=DMARC1; p=reject'] });
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', resolver });
  });
  afterAll(async () => {
    await listener.close();
    await s.close();
  });

  it('a workspace that accepts unverified mail files it in the existing conversation; a channel saying false still keeps it out', async () => {
    expect((await s.api('GET', '/settings/security')).body.acceptUnverifiedMail).toBe(false);
    const patched = await s.api('PATCH', '/settings/security', { acceptUnverifiedMail: true });
    expect(patched.body).toMatchObject({ acceptUnverifiedMail: true });
    const follows = await createChannel(s, 'email', { address: 'follows@shop.test' }, { bot: false });
    const strict = await createChannel(s, 'email', { address: 'strict@shop.test', acceptUnverifiedMail: false }, { bot: false });
    for (const to of ['follows@shop.test', 'strict@shop.test']) {
      await send({ to, subject: 'Hi', messageId: `<real-${to}>`, text: 'first' }, true);
      await send({ to, subject: 'Hi', messageId: `<spoof-${to}>`, text: 'second' }, false);
    }
    expect(await conversationOf(s, follows, '<spoof-follows@shop.test>')).toBe(await conversationOf(s, follows, '<real-follows@shop.test>'));
    expect(await conversationOf(s, strict, '<spoof-strict@shop.test>')).not.toBe(await conversationOf(s, strict, '<real-strict@shop.test>'));
    const audit = (await s.api('GET', '/audit-log')).body.items as Array<{ action: string; before: any; after: any }>;
    expect(audit.find((r) => r.action === 'settings.security_updated')).toMatchObject({ before: { acceptUnverifiedMail: false }, after: { acceptUnverifiedMail: true } });
  });
});
