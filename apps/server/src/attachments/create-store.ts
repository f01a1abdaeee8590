import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../config.ts';
import { DEV_SECRET, parseSecretKeys } from '../platform/secret-box.ts';
import { AttachmentStore } from './attachment-store.ts';
import { LocalDiskBlobStore, type BlobStore } from './blob-store.ts';
import { DEFAULT_ATTACHMENT_TYPES } from './file-types.ts';

/** The attachment store the configuration asks for (container.ts). */
export async function createAttachmentStore(config: Config): Promise<AttachmentStore> {
  const keys = parseSecretKeys(config.SECRET_KEY ?? `dev:${DEV_SECRET}`);
  // A key of its own for URL signatures, derived so that it is never the key that seals channel secrets.
  const signingKeys = keys.map((k) => createHash('sha256').update(`switchboard attachment urls\0${k.secret}`).digest());
  const types = config.ATTACHMENT_TYPES
    ? config.ATTACHMENT_TYPES.split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean)
    : DEFAULT_ATTACHMENT_TYPES;
  return new AttachmentStore(await blobStore(config), {
    limits: { maxBytes: config.ATTACHMENT_MAX_BYTES, types },
    signingKeys,
    urlTtlSeconds: config.ATTACHMENT_URL_TTL_SECONDS,
    publicUrl: config.PUBLIC_URL,
  });
}

async function blobStore(config: Config): Promise<BlobStore> {
  if (config.ATTACHMENTS_STORE === 's3') {
    // Loaded only when asked for: the SDK is large, and a single process on its disk never needs it.
    const { S3BlobStore } = await import('./s3-blob-store.ts');
    return new S3BlobStore({
      bucket: config.S3_BUCKET!,
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      prefix: config.S3_PREFIX,
      forcePathStyle: config.S3_FORCE_PATH_STYLE === '1',
    });
  }
  if (config.ATTACHMENTS_DIR) return new LocalDiskBlobStore(config.ATTACHMENTS_DIR);
  // An in-memory database (tests, throwaway runs) gets a throwaway folder, removed on close.
  if (config.DATA_DIR.startsWith('memory://')) return new ThrowawayDiskStore(await mkdtemp(path.join(tmpdir(), 'switchboard-attachments-')));
  return new LocalDiskBlobStore(path.join(config.DATA_DIR, 'attachments'));
}

class ThrowawayDiskStore extends LocalDiskBlobStore {
  async close(): Promise<void> {
    await this.destroy();
  }
}
