import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeDns } from './support/fake-dns.ts';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { createChannel } from './support/flows.ts';
import { RawSmtp } from './support/raw-smtp.ts';

const ADDRESS = 'limits@shop.test';
const MAX_BYTES = 100_000;

/** Issue #11, findings 2 and 11: everything the unauthenticated listener accepts is bounded. */
describe('SMTP listener limits', () => {
  let s: TestServer;
  let listener: SmtpListener;
  const open: RawSmtp[] = [];
  const client = async () => {
    const c = await RawSmtp.open(listener.port);
    open.push(c);
    await c.command('EHLO client.test');
    return c;
  };

  beforeAll(async () => {
    s = await startTestServer();
    await createChannel(s, 'email', { address: ADDRESS }, { bot: false });
    listener = await startSmtpListener(s.container.deps, {
      port: 0,
      host: '127.0.0.1',
      resolver: fakeDns(),
      limits: { maxBytes: MAX_BYTES, maxClients: 4, maxRecipients: 50, maxMessagesPerConnection: 3, perAddressPerMinute: 1000, perSenderPerMinute: 2 },
    });
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.close();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the listener sees the sockets close (maxClients counts them)
  });
  afterAll(async () => {
    await listener.close();
    await s.close();
  });

  it('answers 552 and hangs up as soon as an undeclared mail passes the limit, long before it ends', async () => {
    const c = await client();
    await c.envelope('big@example.com', [ADDRESS]);
    expect(await c.command('DATA')).toMatch(/^354/);
    const line = `${'x'.repeat(998)}\r\n`;
    // 20 times the limit and never the terminating dot: a server that waits for the end never answers.
    for (let written = 0; written < 20 * MAX_BYTES && !c.closed; written += line.length * 10) await c.write(line.repeat(10));
    await expect.poll(() => c.replies.at(-1), { timeout: 5000 }).toMatch(/^552/);
    await expect.poll(() => c.closed).toBe(true);
  });

  it('refuses the 51st recipient of one mail with 452', async () => {
    const mailboxes = Array.from({ length: 51 }, (_, i) => `box${i}@shop.test`);
    for (const address of mailboxes) await createChannel(s, 'email', { address }, { bot: false });
    const c = await client();
    const replies = await c.envelope('many@example.com', mailboxes);
    expect(replies.slice(0, 51).every((r) => r.startsWith('250'))).toBe(true);
    expect(replies.at(-1)).toMatch(/^452/);
  });

  it('closes a connection that sends more mails than allowed, with 421', async () => {
    const c = await client();
    for (let i = 0; i < 3; i++) {
      expect(await c.command(`MAIL FROM:<conn${i}@example.com>`)).toMatch(/^250/);
      expect(await c.command('RSET')).toMatch(/^250/);
    }
    expect(await c.command('MAIL FROM:<conn3@example.com>')).toMatch(/^421/);
    await expect.poll(() => c.closed).toBe(true);
  });

  it('slows one sender down with 451 and a retry hint, and lets it in again after the minute', async () => {
    const c = await client();
    for (let i = 0; i < 2; i++) {
      expect(await c.command('MAIL FROM:<chatty@example.com>')).toMatch(/^250/);
      await c.command('RSET');
    }
    const refused = await c.command('MAIL FROM:<chatty@example.com>');
    expect(refused).toMatch(/^451 4\.7\.0 too many mails, try again in \d+ s/);
    s.clock.advance(60_000);
    const d = await client();
    expect(await d.command('MAIL FROM:<chatty@example.com>')).toMatch(/^250/);
  });

  it('turns away connections past maxClients with 421', async () => {
    const held = await Promise.all([client(), client(), client(), client()]);
    const extra = await RawSmtp.open(listener.port);
    open.push(extra);
    expect(extra.replies[0]).toMatch(/^421/);
    expect(held.every((h) => !h.closed)).toBe(true);
  });
});

describe('SMTP listener rate per remote address', () => {
  it('answers 451 once one address sends more mails a minute than allowed, whatever the senders', async () => {
    const s = await startTestServer();
    await createChannel(s, 'email', { address: ADDRESS }, { bot: false });
    const listener = await startSmtpListener(s.container.deps, {
      port: 0,
      host: '127.0.0.1',
      resolver: fakeDns(),
      limits: { perAddressPerMinute: 5, maxMessagesPerConnection: 100 },
    });
    const c = await RawSmtp.open(listener.port);
    await c.command('EHLO client.test');
    const replies: string[] = [];
    for (let i = 0; i < 8; i++) {
      replies.push(await c.command(`MAIL FROM:<sender${i}@example${i}.com>`));
      await c.command('RSET');
    }
    expect(replies.slice(0, 5).every((r) => r.startsWith('250'))).toBe(true);
    expect(replies.slice(5).every((r) => r.startsWith('451'))).toBe(true);
    c.close();
    await listener.close();
    await s.close();
  });
});

/**
 * SPEC §7 / issue #11 finding 11, across processes: the counts were a Map in
 * each listener, so a second process (or a restart) started from zero.
 */
describe('SMTP rates are shared by every listener', () => {
  it('a sender that spent its minute on one listener is refused by another on the same database', async () => {
    const s = await startTestServer();
    await createChannel(s, 'email', { address: ADDRESS }, { bot: false });
    const open = () => startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', resolver: fakeDns(), limits: { perSenderPerMinute: 2, maxMessagesPerConnection: 100 } });
    const first = await open();
    const second = await open();
    const mailFrom = async (port: number) => {
      const c = await RawSmtp.open(port);
      await c.command('EHLO client.test');
      const reply = await c.command('MAIL FROM:<busy@example.com>');
      c.close();
      return reply;
    };
    expect(await mailFrom(first.port)).toMatch(/^250/);
    expect(await mailFrom(first.port)).toMatch(/^250/);
    expect(await mailFrom(second.port)).toMatch(/^451 4\.7\.0 too many mails, try again in \d+ s/);
    s.clock.advance(60_000);
    expect(await mailFrom(second.port)).toMatch(/^250/);
    await first.close();
    await second.close();
    await s.close();
  });
});
