-- Switchboard initial schema. Every row carries workspace_id; every query filters by it.
-- Times a routing rule compares (queue keys, deadlines) are epoch milliseconds in int8.

CREATE TABLE workspaces (
  id               text PRIMARY KEY,
  name             text NOT NULL,
  is_demo          boolean NOT NULL DEFAULT false,
  routing_settings jsonb NOT NULL DEFAULT '{}',
  bot_settings     jsonb NOT NULL DEFAULT '{}',
  -- Bumped by every routing transaction while it holds this row's lock; a process
  -- whose cached engine state carries another number rebuilds it from the tables.
  routing_version  int8 NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE agents (
  id               text PRIMARY KEY,
  workspace_id     text NOT NULL REFERENCES workspaces(id),
  name             text NOT NULL,
  email            text NOT NULL,
  password_hash    text,
  role             text NOT NULL DEFAULT 'agent',
  presence         text NOT NULL DEFAULT 'offline',
  presence_reason  text,
  capacity         int4 NOT NULL DEFAULT 5,
  skills           jsonb NOT NULL DEFAULT '{}',
  last_assigned_at int8 NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX agents_email ON agents (workspace_id, lower(email));

-- Tokens are stored as SHA-256 hashes; the clear value is shown once.
CREATE TABLE api_tokens (
  token_hash   text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  kind         text NOT NULL,            -- 'admin' | 'session'
  agent_id     text REFERENCES agents(id),
  expires_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE channels (
  id               text PRIMARY KEY,
  workspace_id     text NOT NULL REFERENCES workspaces(id),
  type             text NOT NULL,
  name             text NOT NULL,
  bot              boolean NOT NULL DEFAULT true,
  skills           jsonb NOT NULL DEFAULT '[]',
  priority         int4 NOT NULL DEFAULT 0,
  config           jsonb NOT NULL DEFAULT '{}',
  secrets          text,                   -- encrypted JSON of write-only config fields
  handoff_keywords jsonb,                  -- null = workspace defaults
  return_keywords  jsonb NOT NULL DEFAULT '[]',
  script_id        text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX channels_workspace ON channels (workspace_id);

CREATE TABLE contacts (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  name         text,
  attributes   jsonb NOT NULL DEFAULT '{}',
  last_agent_id text,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- One contact per external identity per channel; a person may hold several.
CREATE TABLE contact_identities (
  workspace_id text NOT NULL REFERENCES workspaces(id),
  channel_id   text NOT NULL REFERENCES channels(id),
  external_id  text NOT NULL,
  contact_id   text NOT NULL REFERENCES contacts(id),
  PRIMARY KEY (channel_id, external_id)
);
CREATE INDEX contact_identities_contact ON contact_identities (contact_id);

CREATE TABLE conversations (
  id               text PRIMARY KEY,
  workspace_id     text NOT NULL REFERENCES workspaces(id),
  channel_id       text NOT NULL REFERENCES channels(id),
  contact_id       text NOT NULL REFERENCES contacts(id),
  status           text NOT NULL,
  assignee_id      text REFERENCES agents(id),
  skills           jsonb NOT NULL DEFAULT '[]',
  priority         int4 NOT NULL DEFAULT 0,
  queue_key        int8,                   -- R2: handoff ms − priority × 1000, kept on requeue
  handoff_at       int8,
  offer_agent_id   text,
  offer_expires_at int8,
  declined_by      jsonb NOT NULL DEFAULT '[]',
  bot_deadline     int8,                   -- bot inactivity: completes at this time
  script_state     jsonb,
  close_reason     text,
  message_count    int4 NOT NULL DEFAULT 0,
  version          int4 NOT NULL DEFAULT 0, -- compare-and-set on every status change
  created_at       int8 NOT NULL,
  updated_at       int8 NOT NULL,
  closed_at        int8
);
-- At most one open conversation per contact per channel: the race between two
-- first messages is settled by this index, not by application code.
CREATE UNIQUE INDEX conversations_one_open ON conversations (channel_id, contact_id) WHERE status <> 'completed';
CREATE INDEX conversations_list ON conversations (workspace_id, status, created_at DESC, id);
CREATE INDEX conversations_queue ON conversations (workspace_id, queue_key, id) WHERE status = 'waiting';
CREATE INDEX conversations_routed ON conversations (workspace_id) WHERE status IN ('waiting', 'dispatching', 'processing');
CREATE INDEX conversations_assignee ON conversations (workspace_id, assignee_id) WHERE status = 'processing';
CREATE INDEX conversations_offer_deadline ON conversations (offer_expires_at) WHERE offer_expires_at IS NOT NULL;
CREATE INDEX conversations_bot_deadline ON conversations (bot_deadline) WHERE bot_deadline IS NOT NULL;

CREATE TABLE messages (
  id              text PRIMARY KEY,
  workspace_id    text NOT NULL REFERENCES workspaces(id),
  channel_id      text NOT NULL REFERENCES channels(id),
  conversation_id text NOT NULL REFERENCES conversations(id),
  seq             int4 NOT NULL,
  sender          text NOT NULL,           -- customer | agent | bot | system
  agent_id        text,
  text            text NOT NULL DEFAULT '',
  attachments     jsonb NOT NULL DEFAULT '[]',
  external_id     text,
  delivery        text,                    -- outbound: pending | sent | failed
  delivery_error  text,
  created_at      int8 NOT NULL
);
-- Inbound idempotency: a channel's message id is stored once.
CREATE UNIQUE INDEX messages_external ON messages (channel_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX messages_order ON messages (conversation_id, seq);

-- Append-only history: every status change and routing/bot decision.
CREATE TABLE conversation_events (
  id              bigserial PRIMARY KEY,
  workspace_id    text NOT NULL,
  conversation_id text NOT NULL REFERENCES conversations(id),
  at              int8 NOT NULL,
  type            text NOT NULL,           -- status_changed | offered | offer_withdrawn | assigned | bot_reply | ...
  from_status     text,
  to_status       text,
  cause           text NOT NULL,
  actor_type      text NOT NULL,           -- customer | agent | system | bot | admin
  actor_id        text,
  data            jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX conversation_events_conversation ON conversation_events (conversation_id, id);

CREATE TABLE presence_events (
  id           bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  agent_id     text NOT NULL REFERENCES agents(id),
  at           int8 NOT NULL,
  presence     text NOT NULL,
  reason       text,
  actor_id     text
);
CREATE INDEX presence_events_agent ON presence_events (agent_id, id);
