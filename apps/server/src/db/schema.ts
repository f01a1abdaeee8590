import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Created, Json } from './schema-columns.ts';
import type { WebhooksTable, WebhookFeedsTable, WebhookDeliveriesTable, WebhookAttemptsTable } from './schema-integrations.ts';
import type { TagsTable, ConversationTagsTable, CannedResponsesTable } from './schema-agent-tools.ts';
import type { RoutingInputDaysTable, RoutingInputsTable, SimulationsTable } from './schema-replay.ts';
import type { AttachmentsTable, MediaFetchesTable, ChannelTemplatesTable } from './schema-files.ts';

export type { WebhooksTable, WebhookFeedsTable, WebhookDeliveriesTable, WebhookAttemptsTable, TagsTable, ConversationTagsTable, CannedResponsesTable, RoutingInputsTable, SimulationsTable, AttachmentsTable, MediaFetchesTable, ChannelTemplatesTable };

/** Kysely's view of the tables in migrations/ (a capability's own tables in db/schema-*.ts). Times in int8 are epoch ms. */
export interface WorkspacesTable {
  id: string;
  name: string;
  is_demo: Generated<boolean>;
  routing_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  bot_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  security_settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  routing_version: Generated<number>;
  /** Queue policy (migration 20261201T0900_queue-policy): R11 schedule, intake/messages, R12 handle times. */
  business_hours: Json<Record<string, unknown> | null>;
  queue_policy: ColumnType<Record<string, unknown>, string | undefined, string>;
  handle_times: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** Replay (migration 20261201T1150_replay): when routing_inputs start; null = not yet. */
  replay_origin: ColumnType<number | null, number | null | undefined, number | null>;
  /** Agent tools (migration 20261201T1130_b-agent-tools): csat, wrapUpSeconds, tagsRequiredAtClose. */
  agent_tools: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Created;
}

export interface AgentsTable {
  id: string;
  workspace_id: string;
  name: string;
  email: string;
  password_hash: string | null;
  role: string;
  presence: Generated<string>;
  presence_reason: string | null;
  capacity: number;
  skills: Json<Record<string, number>>;
  last_assigned_at: Generated<number>;
  active: Generated<boolean>;
  created_at: Created;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** Last heartbeat of a console socket (R14); null when no console connection is followed. */
  console_seen_at?: number | null;
}

export interface ApiTokensTable {
  token_hash: string;
  workspace_id: string;
  kind: 'admin' | 'session';
  agent_id: string | null;
  expires_at: Date | null;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: Created;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  name: string;
  key_hash: string;
  prefix: string;
  scopes: Json<string[]>;
  rate_limit_per_minute: number;
  created_by: string | null;
  created_at: Created;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface StreamTicketsTable {
  ticket_hash: string;
  token_hash: string;
  expires_at: number;
}

export interface RateCountersTable {
  key: string;
  window_start: number;
  count: number;
}

export interface AuditLogTable {
  id: Generated<string>;
  workspace_id: string;
  at: number;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
}

export interface ChannelsTable {
  id: string;
  workspace_id: string;
  type: string;
  name: string;
  bot: boolean;
  skills: Json<string[]>;
  priority: number;
  config: Json<Record<string, unknown>>;
  secrets: string | null;
  handoff_keywords: Json<string[] | null>;
  return_keywords: Json<string[]>;
  script_id: string | null;
  queue_policy: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: Created;
}

export interface ContactsTable {
  id: string;
  workspace_id: string;
  name: string | null;
  attributes: Json<Record<string, unknown>>;
  last_agent_id: string | null;
  created_at: Created;
}

export interface ContactIdentitiesTable {
  workspace_id: string;
  channel_id: string;
  external_id: string;
  contact_id: string;
}

export interface ConversationsTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  contact_id: string;
  status: string;
  assignee_id: string | null;
  skills: Json<string[]>;
  priority: number;
  queue_key: number | null;
  handoff_at: number | null;
  /** Handed off, the engine not yet told (routing/pending-handoffs.ts): routed by this time at the latest. */
  route_pending_at?: number | null;
  offer_agent_id: string | null;
  offer_expires_at: number | null;
  declined_by: Json<string[]>;
  bot_deadline: number | null;
  script_state: Json<unknown> | null;
  close_reason: string | null;
  /** R10 pending policy and deadline; R13 activity and the earliest timer that may be due. */
  relaxation?: Json<Record<string, unknown> | null>;
  relax_at?: number | null;
  assigned_at?: number | null;
  idle_reminder_at?: number | null;
  timer_at?: number | null;
  /** R12: when the waiting message is repeated next (null = not repeating). */
  waiting_repeat_at?: number | null;
  /** Satisfaction survey and wrap-up (migration 20261201T1130_b-agent-tools). */
  csat_asked_at?: number | null;
  csat_rating?: number | null;
  csat_comment?: string | null;
  csat_rated_at?: number | null;
  wrap_up_until?: number | null;
  wrap_up_ended_at?: number | null;
  message_count: Generated<number>;
  version: Generated<number>;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
}

export interface MessagesTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  conversation_id: string;
  seq: number;
  sender: 'customer' | 'agent' | 'bot' | 'system';
  agent_id: string | null;
  text: string;
  attachments: Json<unknown[]>;
  external_id: string | null;
  delivery: string | null;
  delivery_error: string | null;
  created_at: number;
  /** SPF/DKIM/DMARC as we verified them, for mail (channels/email/verify-mail.ts); NULL otherwise. */
  mail_auth?: Json<Record<string, unknown>> | null;
  /** What the platform told us beyond text and attachments, and what we learnt later (channels/platform-meta.ts). */
  platform_meta: ColumnType<Record<string, unknown>, string | undefined, string>;
  /** An internal note (staff only), and the agents it @mentions (migration 20261201T1130_b-agent-tools). */
  private: Generated<boolean>;
  mentions: ColumnType<string[], string | undefined, string>;
  /** Search terms (core documentTerms) as a tsvector; written with the message, never read back. */
  search?: string | null;
}

/** Every message column but `search`: what inserts return and readers select. */
export const MESSAGE_COLUMNS =
  'id, workspace_id, channel_id, conversation_id, seq, sender, agent_id, text, attachments, external_id, delivery, delivery_error, created_at, mail_auth, platform_meta, private, mentions';

export interface ConversationEventsTable {
  id: Generated<number>;
  workspace_id: string;
  conversation_id: string;
  at: number;
  type: string;
  from_status: string | null;
  to_status: string | null;
  cause: string;
  actor_type: string;
  actor_id: string | null;
  data: Json<Record<string, unknown>>;
}

export interface PresenceEventsTable {
  id: Generated<number>;
  workspace_id: string;
  agent_id: string;
  at: number;
  presence: string;
  reason: string | null;
  actor_id: string | null;
}

/** Channel adapters (migration 20261124T0500_channels). */
export interface OutboxTable {
  id: string;
  workspace_id: string;
  channel_id: string;
  conversation_id: string;
  message_id: string;
  seq: number;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: number;
  parts_sent: Generated<number>;
  platform_message_id: string | null;
  last_error: string | null;
  response: Json<unknown> | null;
  /** `host/pid` of the process that made the latest claim (informational: nothing decides on it). */
  claimed_by: Generated<string | null>;
  created_at: number;
  updated_at: number;
}

export interface WebchatSessionsTable {
  token_hash: string;
  workspace_id: string;
  channel_id: string;
  contact_id: string;
  visitor_id: string;
  last_read_message_id: string | null;
  created_at: number;
  /** Last heartbeat of the visitor's open page (R14); null before the first socket. */
  seen_at?: number | null;
}

export interface EmailHeadersTable {
  message_id: string;
  conversation_id: string;
  rfc_message_id: string;
  subject: string | null;
  in_reply_to: string | null;
  spf: string | null;
  dkim: string | null;
  dmarc?: string | null;
  created_at: number;
}

/** Bot (migration 20261124T0600_bot). */
export interface BotVersionsTable {
  workspace_id: string;
  rules_version: Generated<number>;
  kb_version: Generated<number>;
}

export interface KeywordRulesTable {
  id: string;
  workspace_id: string;
  channel_id: string | null;
  position: number;
  match: string;
  pattern: string;
  reply: string | null;
  action: Json<Record<string, unknown>> | null;
  /** Service-reason tag names the rule sets when it matches (migration 20261201T1130_c-rule-tags). */
  tags: ColumnType<string[], string | undefined, string>;
  created_at: number;
  updated_at: number;
}

export interface KnowledgeArticlesTable {
  id: string;
  workspace_id: string;
  question: string;
  answer: string;
  alternatives: Json<string[]>;
  tags: Json<string[]>;
  created_at: number;
  updated_at: number;
  helpful_count: Generated<number>;
  not_helpful_count: Generated<number>;
}

export interface UnansweredQuestionsTable {
  id: string;
  workspace_id: string;
  normalized: string;
  text: string;
  count: number;
  first_asked_at: number;
  last_asked_at: number;
  near_misses: Json<Array<{ articleId: string; score: number }>>;
}

export interface ScriptsTable {
  workspace_id: string;
  id: string;
  name: string | null;
  draft: Json<Record<string, unknown>>;
  published_version: number | null;
  created_at: number;
  updated_at: number;
  deleted_at: number | null;
}

export interface ScriptVersionsTable {
  workspace_id: string;
  script_id: string;
  version: number;
  definition: Json<Record<string, unknown>>;
  published_at: number;
}

export interface DB {
  tags: TagsTable;
  conversation_tags: ConversationTagsTable;
  canned_responses: CannedResponsesTable;
  workspaces: WorkspacesTable;
  agents: AgentsTable;
  api_tokens: ApiTokensTable;
  channels: ChannelsTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  attachments: AttachmentsTable;
  conversation_events: ConversationEventsTable;
  presence_events: PresenceEventsTable;
  outbox: OutboxTable;
  webchat_sessions: WebchatSessionsTable;
  email_headers: EmailHeadersTable;
  bot_versions: BotVersionsTable;
  keyword_rules: KeywordRulesTable;
  knowledge_articles: KnowledgeArticlesTable;
  unanswered_questions: UnansweredQuestionsTable;
  scripts: ScriptsTable;
  script_versions: ScriptVersionsTable;
  api_keys: ApiKeysTable;
  stream_tickets: StreamTicketsTable;
  rate_counters: RateCountersTable;
  audit_log: AuditLogTable;
  routing_inputs: RoutingInputsTable;
  routing_input_days: RoutingInputDaysTable;
  simulations: SimulationsTable;
  channel_templates: ChannelTemplatesTable;
  media_fetches: MediaFetchesTable;
  webhooks: WebhooksTable;
  webhook_feeds: WebhookFeedsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export type AgentRow = Selectable<AgentsTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type KeywordRuleRow = Selectable<KeywordRulesTable>;
export type KnowledgeArticleRow = Selectable<KnowledgeArticlesTable>;
export type ScriptRow = Selectable<ScriptsTable>;
export type NewConversationEvent = Insertable<ConversationEventsTable>;
