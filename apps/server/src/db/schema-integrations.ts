import type { Generated } from 'kysely';
import type { Json } from './schema-columns.ts';

/** Outbound webhooks (integrations/, migration 20261201T1110). */

export interface WebhooksTable {
  id: string;
  workspace_id: string;
  url: string;
  events: Json<string[]>;
  include_private: boolean;
  secret_sealed: string;
  from_seq: number;
  created_by: string | null;
  created_at: number;
}

export interface WebhookFeedsTable {
  workspace_id: string;
  seq: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  workspace_id: string;
  event_seq: number;
  event_type: string;
  body: string;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  delivered_at: number | null;
}

export interface WebhookAttemptsTable {
  id: Generated<string>;
  delivery_id: string;
  attempt: number;
  at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'failed';
}
