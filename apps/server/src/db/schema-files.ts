import type { Generated } from 'kysely';
import type { Json } from './schema-columns.ts';

/** Files: stored attachments, platform media being fetched, WhatsApp templates (attachments/, channels/, migrations 20261201T1120 and T1160). */

/** Stored files (migration 20261201T1120_attachments); the bytes are in the attachment store. */
export interface AttachmentsTable {
  id: string;
  workspace_id: string;
  conversation_id: string | null;
  contact_id: string | null;
  source: string;
  agent_id: string | null;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_key: string;
  created_at: number;
}

/** Platform media waiting to be fetched into attachment storage (migration 20261201T1160; channels/media/). */
export interface MediaFetchesTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  message_id: string;
  idx: number;
  status: 'pending' | 'fetching' | 'stored' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** A WhatsApp message template approved in Meta's WhatsApp Manager, listed for one channel (migration 20261201T1160). */
export interface ChannelTemplatesTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  name: string;
  language: string;
  category: string;
  body: string;
  /** [{name, example?}] for each {{n}} of the body, in order. */
  parameters: Json<Array<{ name: string; example?: string }>>;
  created_at: number;
}
