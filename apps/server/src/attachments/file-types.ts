/** What a stored file is shown as: images inline, the rest as a download. */
export type AttachmentKind = 'image' | 'audio' | 'video' | 'file';

/** Images a browser may show inline. SVG is not one of them: it can carry script, so it is served as a download. */
const INLINE_IMAGES: Array<{ type: string; magic: (b: Buffer) => boolean }> = [
  { type: 'image/png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', magic: (b) => b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a' },
  { type: 'image/webp', magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The default allow-list (ATTACHMENT_TYPES overrides it): pictures, documents, archives, short audio and video. */
export const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'audio/mpeg',
  'audio/ogg',
  'audio/mp4',
  'video/mp4',
  'video/quicktime',
  'message/rfc822',
];

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;

/**
 * The type a file is stored and served with. An image is an image because its
 * bytes say so, not because the sender said so: a declared `image/png` whose
 * bytes are not a PNG is kept as a plain download, and a PNG sent as
 * `application/octet-stream` is still shown.
 */
export function effectiveType(declared: string | undefined, bytes: Buffer): { contentType: string; kind: AttachmentKind } {
  const sniffed = INLINE_IMAGES.find((i) => i.magic(bytes));
  if (sniffed) return { contentType: sniffed.type, kind: 'image' };
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  const clean = MEDIA_TYPE.test(type) && !INLINE_IMAGES.some((i) => i.type === type) ? type : 'application/octet-stream';
  if (clean.startsWith('audio/')) return { contentType: clean, kind: 'audio' };
  if (clean.startsWith('video/')) return { contentType: clean, kind: 'video' };
  return { contentType: clean, kind: 'file' };
}

/** The kind of a stored type (inline images are only those recognised from their bytes). */
export function kindOfType(contentType: string): AttachmentKind {
  if (INLINE_IMAGES.some((i) => i.type === contentType)) return 'image';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  return 'file';
}

/** `image/*` style wildcards allowed; `*` allows anything. */
export function typeAllowed(allowed: readonly string[], contentType: string): boolean {
  return allowed.some((a) => a === '*' || a === contentType || (a.endsWith('/*') && contentType.startsWith(a.slice(0, -1))));
}

/** A file name safe to show and to put in Content-Disposition: no folders, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined, kind: AttachmentKind): string {
  const last = (name ?? '').split(/[\\/]/).at(-1) ?? '';
  const cleaned = [...last]
    .filter((c) => c.charCodeAt(0) > 0x1f && c.charCodeAt(0) !== 0x7f && !'"<>|*?:'.includes(c))
    .join('')
    .trim()
    .slice(0, 200);
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : kind === 'image' ? 'image' : 'file';
}
