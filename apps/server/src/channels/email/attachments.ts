import type { Attachment as MailAttachment } from 'nodemailer/lib/mailer/index.js';
import type { Deps } from '../../platform/deps.ts';
import { outboundFailure } from '../outbox/http-send.ts';
import { DeliveryError } from '../types.ts';
import { isStoredFileRef, type StoredFileRef } from '../../attachments/attachment-store.ts';

/** Per image; mail servers commonly refuse messages past 25 MB in all. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_ATTACHMENTS = 10;

/**
 * An agent's image URLs, fetched by us through the outbound client and handed
 * to nodemailer as bytes. nodemailer given a `path` would fetch it itself,
 * from the server, following redirects: any agent could have mailed out
 * what an internal address answers (issue #11, finding 1).
 */
export async function fetchImageAttachments(deps: Deps, attachments: unknown[]): Promise<MailAttachment[]> {
  // Files an agent attached from the console are ours already: their bytes come from the store, never over HTTP.
  const stored = attachments.filter(isStoredFileRef);
  const images = (attachments as Array<{ type?: string; url?: string }>).filter(
    (a) => !isStoredFileRef(a) && a.type === 'image' && typeof a.url === 'string' && a.url,
  );
  if (images.length + stored.length > MAX_ATTACHMENTS) throw new DeliveryError(`ATTACHMENTS_TOO_MANY: at most ${MAX_ATTACHMENTS} files per mail`, true);
  const out: MailAttachment[] = [];
  for (const ref of stored) out.push(await storedOne(deps, ref));
  for (const [i, image] of images.entries()) out.push(await fetchOne(deps, image.url!, i));
  return out;
}

async function storedOne(deps: Deps, ref: StoredFileRef): Promise<MailAttachment> {
  const row = await deps.attachments.findSigned(deps.db, ref.attachmentId);
  if (!row) throw new DeliveryError(`ATTACHMENT_MISSING: the stored file ${ref.attachmentId} is gone`, true);
  const bytes = await deps.attachments.blobs.get(row.storage_key);
  if (!bytes) throw new DeliveryError(`ATTACHMENT_MISSING: the bytes of ${ref.attachmentId} are gone`, true);
  return { content: bytes, contentType: row.content_type, filename: row.name };
}

async function fetchOne(deps: Deps, url: string, index: number): Promise<MailAttachment> {
  let res;
  try {
    res = await deps.outbound.request(url, { timeoutMs: 20_000, maxBytes: MAX_ATTACHMENT_BYTES });
  } catch (error) {
    throw outboundFailure(error);
  }
  if (res.status < 200 || res.status > 299)
    throw new DeliveryError(`ATTACHMENT_FETCH_FAILED: the image host answered ${res.status}`, res.status >= 400 && res.status < 500);
  const type = String(res.headers['content-type'] ?? 'application/octet-stream')
    .split(';')[0]!
    .trim();
  return { content: res.body, contentType: type, filename: fileName(res.url, index) };
}

function fileName(url: string, index: number): string {
  const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
  return last && /^[\w.-]{1,100}$/.test(last) ? last : `image-${index + 1}`;
}
