import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStream, startTestServer, type TestServer } from './harness.ts';
import { conversationOf, createChannel, createReadyAgent, messagesOf } from './channels/support/flows.ts';
import { startVisitor, visitorSocket } from './channels/support/visitor.ts';
import { PNG } from './support/files.ts';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { fakeDns, LOOPBACK_SPF } from './channels/support/fake-dns.ts';
import { startSmtpStandIn } from './channels/support/smtp-stand-in.ts';
import { startSmtpListener, type SmtpListener } from '../src/channels/email/smtp-listener.ts';
import { runOutboxOnce } from '../src/channels/outbox/worker.ts';

type Upload = { status: number; body: any; headers: Headers };

async function upload(s: TestServer, path: string, token: string, bytes: Buffer, type: string, name: string): Promise<Upload> {
  const res = await fetch(`${s.url}/api/v1${path}?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

const get = (s: TestServer, url: string, token?: string) => fetch(new URL(url, s.url), { headers: token ? { authorization: `Bearer ${token}` } : {} });

/** Issue #10: attachments reach people. A visitor's picture and an agent's file, stored and shown on both sides through signed URLs only. */
describe('attachments end to end (web chat)', () => {
  let s: TestServer;
  let channelId: string;
  let agentId: string;
  let visitor: Awaited<ReturnType<typeof startVisitor>>;
  let conversationId: string;

  beforeAll(async () => {
    s = await startTestServer();
    channelId = await createChannel(s, 'webchat', {}, { bot: false });
    agentId = await createReadyAgent(s, 'mei@example.com');
    visitor = await startVisitor(s, channelId);
  });
  afterAll(() => s.close());

  it("stores a visitor's picture (bytes, type, name, size) as a customer message the agent sees inline", async () => {
    const res = await upload(s, '/webchat/attachments', visitor.token, PNG, 'image/png', 'receipt 領収書.png');
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    conversationId = res.body.conversationId;
    expect(res.body.attachment).toMatchObject({ type: 'image', name: 'receipt 領収書.png', contentType: 'image/png', size: PNG.length });
    const [message] = await messagesOf(s, conversationId);
    expect(message).toMatchObject({ sender: 'customer', text: '[image] receipt 領収書.png' });
    const file = message!.attachments[0];
    expect(file).toMatchObject({ type: 'image', name: 'receipt 領収書.png', size: PNG.length });
    expect(file.url).toMatch(new RegExp(`^/api/v1/attachments/${file.attachmentId}/content\\?exp=\\d+&sig=`));
    const served = await get(s, file.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(PNG);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('content-disposition')).toBe(`inline; filename="receipt ___.png"; filename*=UTF-8''${encodeURIComponent('receipt 領収書.png')}`);
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    // The visitor's own view of the conversation carries its picture too.
    const state = await visitor.api('GET', '/webchat/session');
    expect(state.body.messages[0].attachments[0]).toMatchObject({ attachmentId: file.attachmentId, type: 'image' });
    expect(state.body.messages[0].attachments[0].url).toMatch(/sig=/);
  });

  it('serves a file to nobody without a valid signature or a staff token', async () => {
    const [message] = await messagesOf(s, conversationId);
    const file = message!.attachments[0];
    const bare = `/api/v1/attachments/${file.attachmentId}/content`;
    expect((await get(s, bare)).status).toBe(403);
    const url = new URL(file.url, s.url);
    const sig = url.searchParams.get('sig')!;
    url.searchParams.set('sig', `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    expect((await get(s, url.toString())).status).toBe(403);
    url.searchParams.set('sig', sig);
    url.searchParams.set('exp', String(Number(url.searchParams.get('exp')) + 60));
    expect((await get(s, url.toString())).status).toBe(403);
    // A visitor's session token is not a staff token.
    expect((await get(s, bare, visitor.token)).status).toBe(401);
    // Staff with their own token read it; the link expires.
    const staff = await get(s, bare, s.adminToken);
    expect(staff.status).toBe(200);
    s.clock.advance(901_000);
    const expired = await get(s, file.url);
    expect(expired.status).toBe(403);
    expect((await expired.json()).error.message).toMatch(/expired/);
  });

  it('refuses a file too large or of a type not allowed with a clear 4xx, and stores nothing', async () => {
    const before = await s.container.deps.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const big = await upload(s, '/webchat/attachments', visitor.token, Buffer.alloc(10 * 1024 * 1024 + 1, 7), 'application/pdf', 'big.pdf');
    expect(big.status).toBe(413);
    expect(big.body.error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the file is 10 MB; files may be at most 10 MB',
      details: { maxBytes: 10 * 1024 * 1024 },
    });
    const exe = await upload(s, '/webchat/attachments', visitor.token, Buffer.from('MZ\x90\x00'), 'application/x-msdownload', 'setup.exe');
    expect(exe.status).toBe(415);
    expect(exe.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(exe.body.error.message).toBe('files of type application/x-msdownload are not accepted here');
    const empty = await upload(s, '/webchat/attachments', visitor.token, Buffer.alloc(0), 'image/png', 'empty.png');
    expect(empty.status).toBe(400);
    const after = await s.container.deps.db
      .selectFrom('attachments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    expect(await messagesOf(s, conversationId)).toHaveLength(1);
  });

  it("delivers an agent's uploaded image and file to the widget, live and after a reload", async () => {
    const socket = await visitorSocket(s, visitor.token);
    const staff = await connectStream(s.url, s.adminToken);
    const image = await upload(s, '/attachments', s.adminToken, PNG, 'image/png', 'how-to.png');
    expect(image.status).toBe(201);
    expect(image.body).toMatchObject({ type: 'image', name: 'how-to.png', url: expect.stringMatching(/sig=/) });
    const pdf = await upload(s, '/attachments', s.adminToken, Buffer.from('%PDF-1.4 manual'), 'application/pdf', 'manual.pdf');
    const sent = await s.api('POST', `/conversations/${conversationId}/messages`, {
      text: 'Here is how',
      agentId,
      attachments: [{ attachmentId: image.body.attachmentId }, { attachmentId: pdf.body.attachmentId }],
    });
    expect(sent.status).toBe(201);
    expect(sent.body.attachments.map((a: any) => [a.type, a.name])).toEqual([
      ['image', 'how-to.png'],
      ['file', 'manual.pdf'],
    ]);
    const frame = await socket.next((f) => f.type === 'message.created' && f.data.sender === 'agent');
    expect(frame.data.agentName).toBe('mei');
    expect(frame.data.attachments[0]).toMatchObject({ type: 'image', attachmentId: image.body.attachmentId, url: expect.stringMatching(/sig=/) });
    expect(Buffer.from(await (await get(s, frame.data.attachments[0].url)).arrayBuffer())).toEqual(PNG);
    const download = await get(s, frame.data.attachments[1].url);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="manual.pdf"/);
    const state = await visitor.api('GET', '/webchat/session');
    expect(state.body.messages.at(-1).attachments.map((a: any) => a.name)).toEqual(['how-to.png', 'manual.pdf']);
    // The staff stream signs the files too (the stored event holds refs only).
    const staffFrame = await staff.next((f) => f.type === 'message.created' && f.data.id === sent.body.id);
    expect(staffFrame.data.attachments[1]).toMatchObject({ type: 'file', name: 'manual.pdf', url: expect.stringMatching(/sig=/) });
    const stored = (await sql`SELECT event FROM stream_events ORDER BY seq DESC LIMIT 10`.execute(s.container.deps.db)).rows;
    expect(JSON.stringify(stored)).toContain(image.body.attachmentId);
    expect(JSON.stringify(stored)).not.toContain('sig=');
    socket.close();
    staff.close();
  });

  it("will not send a file that is another conversation's, or a customer's, as an agent's", async () => {
    const other = await startVisitor(s, channelId);
    const otherMessage = await other.api('POST', '/webchat/messages', { text: 'hello' });
    const otherConversation = otherMessage.body.conversationId;
    const [first] = await messagesOf(s, conversationId);
    const agentSent = (await messagesOf(s, conversationId)).at(-1)!.attachments[0].attachmentId;
    const reuse = await s.api('POST', `/conversations/${otherConversation}/messages`, { text: 'x', agentId, attachments: [{ attachmentId: agentSent }] });
    expect(reuse.status).toBe(403);
    const customers = await s.api('POST', `/conversations/${conversationId}/messages`, {
      text: 'x',
      agentId,
      attachments: [{ attachmentId: first!.attachments[0].attachmentId }],
    });
    expect(customers.status).toBe(403);
    const unknown = await s.api('POST', `/conversations/${conversationId}/messages`, { text: 'x', agentId, attachments: [{ attachmentId: 'att_nope' }] });
    expect(unknown.status).toBe(400);
  });

  it("keeps a conversation's file from another agent's token (the transcript rule), and an unsent upload to its uploader", async () => {
    await s.api('POST', '/agents', { name: 'Bo', email: 'bo@example.com', password: 'correct horse' });
    const bo = (await s.api('POST', '/auth/login', { email: 'bo@example.com', password: 'correct horse' }, null)).body.token;
    const [message] = await messagesOf(s, conversationId);
    const bare = `/api/v1/attachments/${message!.attachments[0].attachmentId}/content`;
    expect((await get(s, bare, bo)).status).toBe(403);
    // Bo's own upload (not yet sent) is Bo's alone among agents.
    const mine = await upload(s, '/attachments', bo, PNG, 'image/png', 'bo.png');
    expect((await get(s, `/api/v1/attachments/${mine.body.attachmentId}/content`, bo)).status).toBe(200);
    expect((await s.api('GET', `/attachments/${mine.body.attachmentId}`, undefined, bo)).body).toMatchObject({
      name: 'bo.png',
      conversationId: null,
      source: 'agent',
    });
  });

  it("shows an agent's image sent by URL on both sides", async () => {
    const sent = await s.api('POST', `/conversations/${conversationId}/messages`, {
      text: '',
      agentId,
      attachments: [{ type: 'image', url: 'https://cdn.example.com/a.png' }],
    });
    expect(sent.status).toBe(201);
    expect((await messagesOf(s, conversationId)).at(-1)!.attachments).toEqual([{ type: 'image', url: 'https://cdn.example.com/a.png' }]);
    const state = await visitor.api('GET', '/webchat/session');
    expect(state.body.messages.at(-1).attachments).toEqual([{ type: 'image', url: 'https://cdn.example.com/a.png' }]);
  });
});

describe('attachments by e-mail', () => {
  let s: TestServer;
  let listener: SmtpListener;
  let relay: Awaited<ReturnType<typeof startSmtpStandIn>>;
  let agentId: string;

  beforeAll(async () => {
    s = await startTestServer();
    listener = await startSmtpListener(s.container.deps, { port: 0, host: '127.0.0.1', resolver: fakeDns(LOOPBACK_SPF) });
    relay = await startSmtpStandIn();
    await createChannel(s, 'email', { address: 'help@shop.test', smtpUrl: relay.url }, { bot: false });
    agentId = await createReadyAgent(s, 'ana@example.com');
  });
  afterAll(async () => {
    await listener.close();
    await relay.close();
    await s.close();
  });

  it("stores a received mail's parts as files and mails an agent's stored file back as bytes", async () => {
    const mailer = nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    await mailer.sendMail({
      from: 'dana@example.com',
      to: 'help@shop.test',
      subject: 'Broken vase',
      messageId: '<vase-1@example.com>',
      text: 'It arrived broken, photo attached',
      attachments: [
        { filename: 'vase.png', content: PNG, contentType: 'image/png' },
        { filename: 'order.txt', content: 'order 1042', contentType: 'text/plain' },
      ],
    });
    mailer.close();
    const channelId = (await s.api('GET', '/channels')).body.items[0].id;
    const conversationId = await conversationOf(s, channelId, '<vase-1@example.com>');
    const [received] = await messagesOf(s, conversationId);
    expect(received!.attachments.map((a: any) => [a.type, a.name, a.contentType, a.size])).toEqual([
      ['image', 'vase.png', 'image/png', PNG.length],
      ['file', 'order.txt', 'text/plain', 10],
    ]);
    expect(Buffer.from(await (await get(s, received!.attachments[0].url)).arrayBuffer())).toEqual(PNG);
    const row = await s.container.deps.db
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', received!.attachments[1].attachmentId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ conversation_id: conversationId, source: 'channel' });

    const label = await upload(s, '/attachments', s.adminToken, Buffer.from('%PDF-1.4 return label'), 'application/pdf', 'return-label.pdf');
    const sent = await s.api('POST', `/conversations/${conversationId}/messages`, {
      text: 'Print this label',
      agentId,
      attachments: [{ attachmentId: label.body.attachmentId }],
    });
    expect(sent.status).toBe(201);
    await runOutboxOnce(s.container.deps);
    expect((await messagesOf(s, conversationId)).at(-1)!.delivery).toBe('sent');
    const mail = relay.mails.at(-1)!;
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ filename: 'return-label.pdf', contentType: 'application/pdf' });
    expect(mail.attachments[0]!.content.toString()).toBe('%PDF-1.4 return label');
  });
});
