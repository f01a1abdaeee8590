import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMediaOnce } from '../../src/channels/media/worker.ts';
import { connectStream, startTestServer, type TestServer } from '../harness.ts';
import { conversationOf, createChannel, hmac, messagesOf, postWebhook } from './support/flows.ts';
import { StandIn, type RecordedRequest } from './support/stand-in.ts';

/** A real 1×1 PNG: the attachment store recognises images from their bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const BOT = '999:MEDIA-BOT';
const SECRET = 'media-secret';

describe('platform media fetched into attachment storage, with limits, retries and a visible state (#14)', () => {
  let s: TestServer;
  let platform: StandIn;
  const ids: Record<string, string> = {};
  const route = (req: RecordedRequest) => {
    const p = req.path;
    if (p === '/v2/bot/message/300000000000000001/content') return { status: 200, body: PNG, contentType: 'image/png' };
    if (p === `/bot${BOT}/getFile`) return { status: 200, body: { ok: true, result: { file_id: req.url.searchParams.get('file_id'), file_path: 'documents/file_7.pdf' } } };
    if (p === `/file/bot${BOT}/documents/file_7.pdf`) return { status: 200, body: PDF, contentType: 'application/pdf' };
    if (p === '/v21.0/1037543291543636') return { status: 200, body: { url: `${platform.url}/lookaside/whatsapp_business/attachments/?mid=1037543291543636`, mime_type: 'image/png', file_size: PNG.length, id: '1037543291543636' } };
    if (p === '/v21.0/2000000000000000') return { status: 200, body: { url: `${platform.url}/lookaside/huge`, mime_type: 'video/mp4', file_size: 50 * 1024 * 1024 } };
    if (p === '/lookaside/whatsapp_business/attachments/')
      return req.headers.authorization === 'Bearer WA-MEDIA' ? { status: 200, body: PNG, contentType: 'image/png' } : { status: 401, body: { error: { code: 190 } } };
    if (p === '/fb-cdn/photo.png') return { status: 200, body: PNG, contentType: 'image/png' };
    if (p === '/fb-cdn/expired.png') return { status: 403, body: { error: 'URL signature expired' } };
    return { status: 200, body: {} };
  };
  const media = async (channelId: string, externalId: string) =>
    (await messagesOf(s, await conversationOf(s, channelId, externalId))).find((m) => m.externalMessageId === externalId)!.attachments[0];

  beforeAll(async () => {
    s = await startTestServer();
    platform = await new StandIn(route).start();
    const meta = { apiBaseUrl: platform.url, appSecret: SECRET, verifyToken: 'v' };
    ids.line = await createChannel(s, 'line', { apiBaseUrl: platform.url, dataApiBaseUrl: platform.url, channelSecret: SECRET, channelAccessToken: 'LINE-MEDIA' });
    ids.telegram = await createChannel(s, 'telegram', { apiBaseUrl: platform.url, botToken: BOT, secretToken: SECRET });
    ids.whatsapp = await createChannel(s, 'whatsapp', { ...meta, phoneNumberId: '1', accessToken: 'WA-MEDIA', markRead: false });
    ids.messenger = await createChannel(s, 'messenger', { ...meta, pageAccessToken: 'PAGE' });
  });
  afterAll(async () => {
    await s.close();
    await platform.close();
  });
  const meta = (type: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return postWebhook(s, `/webhooks/${type}/${ids[type]}`, raw, { 'x-hub-signature-256': `sha256=${hmac(SECRET, raw, 'hex')}` });
  };

  it('LINE: the content API with the channel token; fetching → stored, shown with a signed URL and a message.updated', async () => {
    const raw = JSON.stringify({
      destination: 'x',
      events: [{ type: 'message', webhookEventId: 'media-1', timestamp: 1, replyToken: 'r', source: { type: 'user', userId: 'Umedia' }, message: { id: '300000000000000001', type: 'image', contentProvider: { type: 'line' } } }],
    });
    await postWebhook(s, `/webhooks/line/${ids.line}`, raw, { 'x-line-signature': hmac(SECRET, raw, 'base64') });
    expect(await media(ids.line!, '300000000000000001')).toMatchObject({ type: 'image', platformId: '300000000000000001', media: 'fetching' });
    const stream = await connectStream(s.url, s.adminToken);
    expect(await runMediaOnce(s.container.deps)).toBe(1);
    const get = platform.to('/v2/bot/message/300000000000000001/content')[0]!;
    expect([get.method, get.headers.authorization]).toEqual(['GET', 'Bearer LINE-MEDIA']);
    const updated = await stream.next((f) => f.type === 'message.updated' && f.data.attachments?.[0]?.media === 'stored');
    expect(updated.data.attachments[0].url).toMatch(/^\/api\/v1\/attachments\/att_\w+\/content\?exp=\d+&sig=/);
    stream.close();
    const stored = await media(ids.line!, '300000000000000001');
    expect(stored).toMatchObject({ type: 'image', media: 'stored', contentType: 'image/png', size: PNG.length, attachmentId: expect.stringMatching(/^att_/) });
    const bytes = await fetch(`${s.url}${stored.url}`);
    expect(Buffer.from(await bytes.arrayBuffer()).equals(PNG)).toBe(true);
    expect(await runMediaOnce(s.container.deps)).toBe(0); // done once
  });

  it('Telegram: getFile then the file path; a file over the Bot API\'s 20 MB is failed without downloading', async () => {
    const update = (id: number, document: Record<string, unknown>) => JSON.stringify({ update_id: id, message: { message_id: id, chat: { id: 42, type: 'private' }, from: { id: 42, first_name: 'Mia' }, date: 1, document } });
    const post = (raw: string) => postWebhook(s, `/webhooks/telegram/${ids.telegram}`, raw, { 'x-telegram-bot-api-secret-token': SECRET });
    await post(update(5001, { file_id: 'BQACAgIAAxkBAAIB', file_unique_id: 'u1', file_name: 'invoice.pdf', mime_type: 'application/pdf', file_size: PDF.length }));
    await post(update(5002, { file_id: 'BIG', file_unique_id: 'u2', file_name: 'movie.mkv', mime_type: 'video/x-matroska', file_size: 25 * 1024 * 1024 }));
    await runMediaOnce(s.container.deps);
    expect(platform.to(`/bot${BOT}/getFile`).map((r) => r.url.searchParams.get('file_id'))).toEqual(['BQACAgIAAxkBAAIB']);
    expect(await media(ids.telegram!, '5001')).toMatchObject({ media: 'stored', name: 'invoice.pdf', contentType: 'application/pdf' });
    expect(await media(ids.telegram!, '5002')).toMatchObject({ media: 'failed', mediaError: expect.stringContaining('20 MB') });
  });

  it('WhatsApp: the media id gives a URL fetched with the token; a declared size over the limit fails', async () => {
    const wa = (id: string, type: string, body: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: '1' }, contacts: [{ wa_id: '15550001', profile: { name: 'K' } }], messages: [{ from: '15550001', id, timestamp: '1', type, [type]: body }] } }] }],
    });
    await meta('whatsapp', wa('wamid.MEDIA1', 'image', { id: '1037543291543636', mime_type: 'image/png', sha256: 'x', caption: 'the crack' }));
    await meta('whatsapp', wa('wamid.MEDIA2', 'video', { id: '2000000000000000', mime_type: 'video/mp4' }));
    await runMediaOnce(s.container.deps);
    const lookup = platform.to('/v21.0/1037543291543636')[0]!;
    expect(lookup.headers.authorization).toBe('Bearer WA-MEDIA');
    expect(platform.to('/lookaside/whatsapp_business/attachments/')[0]!.headers.authorization).toBe('Bearer WA-MEDIA');
    expect(await media(ids.whatsapp!, 'wamid.MEDIA1')).toMatchObject({ media: 'stored', contentType: 'image/png' });
    expect(await media(ids.whatsapp!, 'wamid.MEDIA2')).toMatchObject({ media: 'failed', mediaError: expect.stringContaining('TOO_LARGE') });
    expect(platform.to('/lookaside/huge')).toHaveLength(0);
  });

  it('Messenger: the attachment URL; a platform 5xx is retried with backoff, an expired URL (403) fails at once', async () => {
    const page = (mid: string, url: string) => ({ object: 'page', entry: [{ id: 'P', time: 1, messaging: [{ sender: { id: '7000' }, recipient: { id: 'P' }, timestamp: 1, message: { mid, attachments: [{ type: 'image', payload: { url } }] } }] }] });
    await meta('messenger', page('m_MEDIA1', `${platform.url}/fb-cdn/photo.png`));
    platform.failNext(2, 503);
    await runMediaOnce(s.container.deps);
    expect(await media(ids.messenger!, 'm_MEDIA1')).toMatchObject({ media: 'fetching' });
    expect(await runMediaOnce(s.container.deps)).toBe(0); // not due before its backoff
    s.clock.advance(5_000);
    await runMediaOnce(s.container.deps);
    s.clock.advance(10_000);
    await runMediaOnce(s.container.deps);
    expect(platform.to('/fb-cdn/photo.png')).toHaveLength(3);
    expect(await media(ids.messenger!, 'm_MEDIA1')).toMatchObject({ media: 'stored', contentType: 'image/png' });

    await meta('messenger', page('m_MEDIA2', `${platform.url}/fb-cdn/expired.png`));
    await runMediaOnce(s.container.deps);
    expect(await media(ids.messenger!, 'm_MEDIA2')).toMatchObject({ media: 'failed', mediaError: expect.stringContaining('HTTP_403') });
  });
});
