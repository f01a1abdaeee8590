import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Where the bytes of stored files live, by key. Two flavours behind one
 * interface (Medusa-style): the local disk under DATA_DIR for one process,
 * an S3-compatible bucket for several (`s3-blob-store.ts`). Keys are made by
 * the attachment store (`ws/<workspace>/<attachment id>`), never from a
 * file's name, so a name cannot walk out of the folder or the bucket prefix.
 */
export interface BlobStore {
  /** Writes the bytes whole (a reader never sees half a file). */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
  /** Whether something is stored under the key. */
  has(key: string): Promise<boolean>;
  close?(): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;

export function assertKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) throw new Error(`blob key not allowed: ${key}`);
}

/** Files under one folder (default `DATA_DIR/attachments`); a write goes to a temporary name first, then is renamed. */
export class LocalDiskBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private file(key: string): string {
    assertKey(key);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, bytes: Buffer, _contentType?: string): Promise<void> {
    const file = this.file(key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.file(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.file(key))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Tests on a throwaway folder remove it. */
  async destroy(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}
