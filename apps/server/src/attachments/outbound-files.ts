import type { Deps } from '../platform/deps.ts';
import { isStoredFileRef } from './attachment-store.ts';

/** A day: platforms fetch an agent's image when the message is sent, sometimes after a retry. */
const PLATFORM_URL_TTL_SECONDS = 86_400;

/**
 * For a platform that fetches an agent's file itself (LINE, Messenger,
 * WhatsApp, Telegram take an image URL): each stored file gets an absolute
 * signed URL, when PUBLIC_URL says where this server is reachable. Without
 * it the refs pass as they are and those senders leave the file out; mail
 * reads the bytes from the store (channels/email/attachments.ts).
 */
export function withPlatformUrls(deps: Pick<Deps, 'attachments' | 'clock'>, attachments: unknown): unknown {
  if (!Array.isArray(attachments) || !attachments.some(isStoredFileRef)) return attachments;
  const now = deps.clock.now();
  return attachments.map((a) => {
    if (!isStoredFileRef(a)) return a;
    const url = deps.attachments.signedUrl(a.attachmentId, now, PLATFORM_URL_TTL_SECONDS);
    return url ? { ...a, url } : a;
  });
}
