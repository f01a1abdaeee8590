import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { DB, AttachmentsTable } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import type { BlobStore } from './blob-store.ts';
import { cleanFileName, effectiveType, typeAllowed, type AttachmentKind } from './file-types.ts';

export type AttachmentRow = Selectable<AttachmentsTable>;

/**
 * What a message keeps in `messages.attachments` for a stored file. No URL:
 * URLs are signed and short-lived, so they are made when a message is shown
 * (`present`), never stored.
 */
export interface StoredFileRef {
  type: AttachmentKind;
  attachmentId: string;
  name: string;
  contentType: string;
  size: number;
}

/** A stored file as a reader receives it: the ref plus a signed URL valid for a while. */
export type PresentedFile = StoredFileRef & { url: string; expiresAt: string };

export interface SaveInput {
  workspaceId: string;
  /** Who brought the file: a customer's upload, an agent's, or platform media fetched by the server. */
  source: 'customer' | 'agent' | 'channel';
  bytes: Buffer;
  /** As the sender named it; cleaned (no folders, no control characters). */
  name?: string;
  /** As the sender declared it; images are recognised from their bytes instead. */
  contentType?: string;
  /** Known for customers' files and platform media; an agent's upload gets it when the reply is sent. */
  conversationId?: string;
  contactId?: string;
  agentId?: string;
}

export interface AttachmentLimits {
  /** Bytes per file (ATTACHMENT_MAX_BYTES, default 10 MB). */
  maxBytes: number;
  /** Allowed media types after recognition, `image/*` wildcards allowed (ATTACHMENT_TYPES). */
  types: readonly string[];
}

export interface AttachmentStoreOptions {
  limits: AttachmentLimits;
  /** HMAC keys for signed URLs; the first signs, any verifies (follows SECRET_KEY rotation). */
  signingKeys: Buffer[];
  /** How long a signed URL works (ATTACHMENT_URL_TTL_SECONDS, default 900). */
  urlTtlSeconds: number;
  /** PUBLIC_URL: absolute URLs for platforms that fetch an agent's image themselves. */
  publicUrl?: string;
}

const ID = /^att_[0-9a-z]{26}$/;

/**
 * The one way into stored files, for every room (web chat uploads, agents'
 * replies, mail parts, platform media):
 *
 * - `save(db, input, now)` checks the limits (413 PAYLOAD_TOO_LARGE, 415
 *   UNSUPPORTED_MEDIA_TYPE), writes the bytes to the blob store, then the
 *   row, and returns the `StoredFileRef` to put in `messages.attachments`.
 *   Bytes first: a row never points at nothing (an orphan blob, from a
 *   rolled-back transaction, costs disk and nothing else).
 * - `find(db, workspaceId, id)` / `read(row)`: the row and its bytes.
 * - `signedPath(id, now)` / `signedUrl(id, now, ttl?)`: a URL that serves
 *   the file to whoever holds it until it expires; `verify` checks one.
 *   Only code that has already decided the reader may see the message makes
 *   one (`present`), so the signature is the authorisation, and ids carry 80
 *   random bits: nothing is public and nothing is guessable.
 */
export class AttachmentStore {
  constructor(
    readonly blobs: BlobStore,
    readonly options: AttachmentStoreOptions,
  ) {}

  get limits(): AttachmentLimits {
    return this.options.limits;
  }

  /** Refuses a file before it is read whole when its declared size is already too big (Content-Length). */
  checkSize(size: number): void {
    const max = this.options.limits.maxBytes;
    if (size > max) throw new DomainError('PAYLOAD_TOO_LARGE', `the file is ${formatBytes(size)}; files may be at most ${formatBytes(max)}`, { maxBytes: max });
    if (size === 0) throw new DomainError('VALIDATION_FAILED', 'the file is empty');
  }

  /** The kind and type the bytes will be stored as; throws 415 for a type not allowed. */
  classify(bytes: Buffer, declared?: string): { contentType: string; kind: AttachmentKind } {
    this.checkSize(bytes.length);
    const effective = effectiveType(declared, bytes);
    if (!typeAllowed(this.options.limits.types, effective.contentType))
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `files of type ${effective.contentType} are not accepted here`, {
        contentType: effective.contentType,
      });
    return effective;
  }

  async save(db: Kysely<DB>, input: SaveInput, now: number): Promise<StoredFileRef> {
    const { contentType, kind } = this.classify(input.bytes, input.contentType);
    const id = newAttachmentId(now);
    const storageKey = `ws/${input.workspaceId}/${id}`;
    await this.blobs.put(storageKey, input.bytes, contentType);
    const name = cleanFileName(input.name, kind);
    await db
      .insertInto('attachments')
      .values({
        id,
        workspace_id: input.workspaceId,
        conversation_id: input.conversationId ?? null,
        contact_id: input.contactId ?? null,
        source: input.source,
        agent_id: input.agentId ?? null,
        name,
        content_type: contentType,
        size: input.bytes.length,
        sha256: createHash('sha256').update(input.bytes).digest('hex'),
        storage_key: storageKey,
        created_at: now,
      })
      .execute();
    return { type: kind, attachmentId: id, name, contentType, size: input.bytes.length };
  }

  async find(db: Kysely<DB>, workspaceId: string, id: string): Promise<AttachmentRow | undefined> {
    if (!ID.test(id)) return undefined;
    return db.selectFrom('attachments').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  }

  /** The row by id alone: for a signed URL, whose signature already names the file. */
  async findSigned(db: Kysely<DB>, id: string): Promise<AttachmentRow | undefined> {
    if (!ID.test(id)) return undefined;
    return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async read(row: AttachmentRow): Promise<Buffer> {
    const bytes = await this.blobs.get(row.storage_key);
    if (!bytes) throw new DomainError('NOT_FOUND', 'the file is no longer stored');
    return bytes;
  }

  signedPath(id: string, now: number, ttlSeconds = this.options.urlTtlSeconds): { path: string; expiresAt: number } {
    const exp = Math.floor(now / 1000) + ttlSeconds;
    return { path: `/api/v1/attachments/${id}/content?exp=${exp}&sig=${this.sign(id, exp, this.options.signingKeys[0]!)}`, expiresAt: exp * 1000 };
  }

  /** Absolute, for a platform that fetches the file itself (LINE, Messenger); undefined without PUBLIC_URL. */
  signedUrl(id: string, now: number, ttlSeconds = this.options.urlTtlSeconds): string | undefined {
    if (!this.options.publicUrl) return undefined;
    return new URL(this.signedPath(id, now, ttlSeconds).path, this.options.publicUrl).toString();
  }

  verify(id: string, exp: string | undefined, sig: string | undefined, now: number): 'ok' | 'expired' | 'invalid' {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'invalid';
    const given = Buffer.from(sig);
    const valid = this.options.signingKeys.some((key) => {
      const expected = Buffer.from(this.sign(id, Number(exp), key));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    if (!valid) return 'invalid';
    return Number(exp) * 1000 < now ? 'expired' : 'ok';
  }

  /** Messages' attachments as a reader gets them: stored files with a signed URL; anything else as it is. */
  present(attachments: unknown, now: number): unknown[] {
    if (!Array.isArray(attachments)) return [];
    return attachments.map((a) => (isStoredFileRef(a) ? this.presentOne(a, now) : a));
  }

  presentOne(ref: StoredFileRef, now: number): PresentedFile {
    const { path, expiresAt } = this.signedPath(ref.attachmentId, now);
    return { ...ref, url: path, expiresAt: new Date(expiresAt).toISOString() };
  }

  async close(): Promise<void> {
    await this.blobs.close?.();
  }

  private sign(id: string, exp: number, key: Buffer): string {
    return createHmac('sha256', key).update(`attachment:${id}:${exp}`).digest('base64url');
  }
}

export function isStoredFileRef(a: unknown): a is StoredFileRef {
  return typeof a === 'object' && a !== null && typeof (a as StoredFileRef).attachmentId === 'string';
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `att_` + 10 characters of time + 16 of randomness (80 bits): ordered by creation, never guessable. */
function newAttachmentId(now: number): string {
  let time = '';
  let ms = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[ms % 32] + time;
    ms = Math.floor(ms / 32);
  }
  let rand = '';
  for (const b of randomBytes(16)) rand += ALPHABET[b % 32];
  return `att_${time}${rand}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} kB`;
  return `${n} bytes`;
}
