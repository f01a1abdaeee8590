import type { ChannelRow } from '../../db/schema.ts';
import type { Deps } from '../../platform/deps.ts';
import type { Attachment, Secrets } from '../types.ts';

/** Where an attachment's bytes are, as far as we know: stored in our attachment storage, being fetched, or given up on. */
export type MediaState = 'fetching' | 'stored' | 'failed';

export interface MediaContext {
  deps: Deps;
  channel: ChannelRow;
  config: Record<string, unknown>;
  secrets: Secrets;
  /** The most a file may weigh (the attachment storage's limit): a larger answer is refused while it downloads. */
  maxBytes: number;
}

export interface FetchedMedia {
  bytes: Buffer;
  contentType?: string;
  name?: string;
}

/** One channel's way to its media: which attachments have bytes to fetch, and how. */
export interface MediaSource {
  fetchable(a: Attachment): boolean;
  /** Throws a DeliveryError: permanent (4xx, too large) fails the attachment, anything else is retried. */
  fetch(a: Attachment, ctx: MediaContext): Promise<FetchedMedia>;
}
