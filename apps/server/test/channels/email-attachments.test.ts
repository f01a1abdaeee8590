import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeDns, LOOPBACK_SPF } from './support/fake-dns.ts';
import { startSmtpListener, type SmtpListener } from '../../src/channels/email/smtp-listener.ts';
import { runOutboxOnce } from '../../src/channels/outbox/worker.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { conversationOf, createChannel, createReadyAgent, messagesOf } from './support/flows.ts';
import { startSmtpStandIn } from './support/smtp-stand-in.ts';
import { createServer, type Server } from 'node:http';

const ADDRESS = 'support@shop.test';

/**
 * Issue #11, finding 1: an agent's image URL was handed to nodemailer as a
 * `path`, and nodemailer fetched it from the server: the internal answer went
 * out attached to the mail. The server here runs as in production (no
 * OUTBOUND_ALLOW); the image host is a made-up name our resolver port points
 * at a loopback stand-in, allowed by name only.
 */
describe('e-mail replies with images', () => {
  let s: TestServer;
  let listener: SmtpListener;
  let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let images: Server;
  let imageBase: string;
  let agentId: string;
  let conversationId: string;

  beforeAll(async () => {
    images = await startImageHost();
    const address = images.address();
    imageBase = `http://images.shop.test:${typeof address === 'object' && address ? address.port : 0}`;
    s = await startTestServer({
      outboundAllow: 'images.shop.test',
      resolver: async (host) => (host === 'images.shop.test' || host === 'localhost' ? [{ address: '127.0.0.1', family: 4 }] : []),
    });
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', resolver: fakeDns(LOOPBACK_SPF) });
    relay = await startSmtpStandIn();
    await createChannel(s, 'email', { address: ADDRESS, smtpUrl: relay.url }, { bot: false });
    agentId = await createReadyAgent(s, 'image-agent@example.com');
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    await mailer.sendMail({ from: 'dana@example.com', to: ADDRESS, subject: 'Broken', messageId: '<img-1@example.com>', text: 'agent' });
    mailer.close();
    conversationId = await conversationOf(s, (await s.api('GET', '/channels')).body.items[0].id, '<img-1@example.com>');
  });
  afterAll(async () => {
    await listener.close();
    await relay.close();
    await new Promise((resolve) => images.close(resolve));
    await s.close();
  });

  const reply = async (url: string) => {
    const res = await s.api('POST', `/conversations/${conversationId}/messages`, { text: 'See the photo', agentId, attachments: [{ type: 'image', url }] });
    expect(res.status).toBe(201);
    await runOutboxOnce(s.container.deps);
    return (await messagesOf(s, conversationId)).find((m) => m.id === res.body.id)!;
  };

  it("never mails what an internal address answers: the server's own API, by any spelling of loopback", async () => {
    const port = new URL(s.url).port;
    for (const host of ['127.0.0.1', '[::1]', '2130706433', '0x7f.0.0.1', '[::ffff:127.0.0.1]', 'localhost']) {
      const message = await reply(`http://${host}:${port}/api/v1/openapi.json`);
      expect(message.delivery, host).toBe('failed');
      expect(message.deliveryError, host).toMatch(/^OUTBOUND_REFUSED: /);
    }
    expect(relay.mails).toHaveLength(0);
  });

  it('never follows a redirect from an allowed image host to an internal address', async () => {
    const internal = `http://127.0.0.1:${new URL(s.url).port}/api/v1/openapi.json`;
    const message = await reply(`${imageBase}/redirect?to=${encodeURIComponent(internal)}`);
    expect(message.delivery).toBe('failed');
    expect(message.deliveryError).toMatch(/^OUTBOUND_REFUSED: /);
    expect(relay.mails).toHaveLength(0);
  });

  it('attaches the bytes of an image from an allowed host', async () => {
    const before = relay.mails.length;
    const message = await reply(`${imageBase}/vase.jpg`);
    expect(message.delivery).toBe('sent');
    const mail = relay.mails[before]!;
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'vase.jpg', contentType: 'image/jpeg' });
    expect(mail.attachments[0]!.content.toString()).toBe('JPEG BYTES');
  });
});

/** The image host: serves one image and redirects wherever it is told to. */
async function startImageHost(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://images.shop.test');
    if (url.pathname === '/redirect') return void res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end('JPEG BYTES');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
