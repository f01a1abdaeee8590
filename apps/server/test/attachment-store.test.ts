import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createAttachmentStore } from '../src/attachments/create-store.ts';
import { LocalDiskBlobStore } from '../src/attachments/blob-store.ts';
import { S3BlobStore } from '../src/attachments/s3-blob-store.ts';
import { startS3StandIn, type S3StandIn } from './support/s3-stand-in.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { PNG } from './support/files.ts';

const NOW = Date.UTC(2026, 11, 1, 10, 0, 0);

describe('blob stores', () => {
  let s3: S3StandIn;
  beforeAll(async () => {
    s3 = await startS3StandIn('files');
  });
  afterAll(() => s3.close());

  it('the local disk keeps bytes under their key and answers null for a missing one', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'sb-blobs-'));
    const store = new LocalDiskBlobStore(root);
    await store.put('ws/ws_1/att_a', Buffer.from('hello'), 'text/plain');
    expect((await store.get('ws/ws_1/att_a'))?.toString()).toBe('hello');
    expect(await store.has('ws/ws_1/att_a')).toBe(true);
    expect(await store.get('ws/ws_1/att_b')).toBeNull();
    expect(await store.has('ws/ws_1/att_b')).toBe(false);
    expect(await readdir(path.join(root, 'ws', 'ws_1'))).toEqual(['att_a']);
    await expect(store.put('../escape', Buffer.from('x'), 'text/plain')).rejects.toThrow(/not allowed/);
    await store.destroy();
  });

  it('the S3 flavour puts, gets and heads objects on an S3-compatible server with signed requests', async () => {
    const store = new S3BlobStore({
      bucket: 'files',
      endpoint: s3.endpoint,
      region: 'us-east-1',
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
      prefix: 'sb/',
      forcePathStyle: true,
    });
    await store.put('ws/ws_1/att_a', PNG, 'image/png');
    expect(s3.objects.get('sb/ws/ws_1/att_a')).toEqual({ body: PNG, contentType: 'image/png' });
    expect(await store.get('ws/ws_1/att_a')).toEqual(PNG);
    expect(await store.has('ws/ws_1/att_a')).toBe(true);
    expect(await store.has('ws/ws_1/missing')).toBe(false);
    expect(await store.get('ws/ws_1/missing')).toBeNull();
    expect(s3.requests.map((r) => r.method)).toEqual(['PUT', 'GET', 'HEAD', 'HEAD', 'GET']);
    await store.close();
  });
});

describe('attachment store', () => {
  let server: TestServer;
  let s3: S3StandIn;
  beforeAll(async () => {
    server = await startTestServer();
    s3 = await startS3StandIn('bucket');
  });
  afterAll(async () => {
    await server.close();
    await s3.close();
  });

  it('saves bytes, type, name and size and reads them back, through S3 when configured', async () => {
    const config = loadConfig({
      DATA_DIR: 'memory://',
      SECRET_KEY: 'test-secret-key-0123456789',
      ATTACHMENTS_STORE: 's3',
      S3_BUCKET: 'bucket',
      S3_ENDPOINT: s3.endpoint,
      S3_ACCESS_KEY_ID: 'a',
      S3_SECRET_ACCESS_KEY: 'b',
    });
    const store = await createAttachmentStore(config);
    const db = server.container.deps.db;
    const ref = await store.save(
      db,
      { workspaceId: server.workspaceId, source: 'customer', bytes: PNG, name: '../../photo.png', contentType: 'application/octet-stream' },
      NOW,
    );
    expect(ref).toMatchObject({ type: 'image', name: 'photo.png', contentType: 'image/png', size: PNG.length });
    expect(ref.attachmentId).toMatch(/^att_[0-9a-z]{26}$/);
    const row = await store.find(db, server.workspaceId, ref.attachmentId);
    expect(row).toMatchObject({
      name: 'photo.png',
      content_type: 'image/png',
      size: PNG.length,
      source: 'customer',
      storage_key: `ws/${server.workspaceId}/${ref.attachmentId}`,
    });
    expect(await store.read(row!)).toEqual(PNG);
    expect(s3.objects.has(`ws/${server.workspaceId}/${ref.attachmentId}`)).toBe(true);
    expect(await store.find(db, 'ws_other', ref.attachmentId)).toBeUndefined();
    await store.close();
  });

  it('refuses a file over the size limit and a type not allowed, with 413 and 415', async () => {
    const store = await createAttachmentStore(loadConfig({ DATA_DIR: 'memory://', ATTACHMENT_MAX_BYTES: '2048', ATTACHMENT_TYPES: 'image/*,application/pdf' }));
    const db = server.container.deps.db;
    const base = { workspaceId: server.workspaceId, source: 'customer' as const };
    await expect(store.save(db, { ...base, bytes: Buffer.alloc(4096, 1), name: 'big.pdf', contentType: 'application/pdf' }, NOW)).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'the file is 4 kB; files may be at most 2 kB',
    });
    await expect(store.save(db, { ...base, bytes: Buffer.from('MZ'), name: 'tool.exe', contentType: 'application/x-msdownload' }, NOW)).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    // An SVG is not an inline image (it can carry script): it is not under image/* as far as the store is concerned unless listed.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const saved = await store.save(db, { ...base, bytes: svg, name: 'x.svg', contentType: 'image/svg+xml' }, NOW);
    expect(saved.type).toBe('file');
    await expect(store.save(db, { ...base, bytes: Buffer.from('not a png'), name: 'fake.png', contentType: 'image/png' }, NOW)).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    await store.close();
  });

  it('signs URLs that expire, and refuses a changed id, signature or expiry', () => {
    const store = server.container.deps.attachments;
    const id = 'att_0000000000aaaaaaaaaaaaaaaa';
    const { path: signed, expiresAt } = store.signedPath(id, NOW);
    expect(expiresAt).toBe(NOW + 900_000);
    const url = new URL(signed, 'http://x');
    expect(url.pathname).toBe(`/api/v1/attachments/${id}/content`);
    const exp = url.searchParams.get('exp')!;
    const sig = url.searchParams.get('sig')!;
    expect(store.verify(id, exp, sig, NOW)).toBe('ok');
    expect(store.verify(id, exp, sig, NOW + 901_000)).toBe('expired');
    expect(store.verify('att_0000000000aaaaaaaaaaaaaaab', exp, sig, NOW)).toBe('invalid');
    expect(store.verify(id, String(Number(exp) + 3600), sig, NOW)).toBe('invalid');
    expect(store.verify(id, exp, `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`, NOW)).toBe('invalid');
    expect(store.verify(id, undefined, sig, NOW)).toBe('invalid');
  });
});
