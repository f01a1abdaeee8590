-- Security (issue #11, SPEC §7): revocable tokens, deactivated agents, API keys,
-- one-time stream tickets, rate-limit counters shared by every process, the audit log.

-- A rotated admin token keeps its row (marked revoked) so a restart with the old
-- SWITCHBOARD_ADMIN_TOKEN is refused instead of silently making a new workspace.
ALTER TABLE api_tokens ADD COLUMN revoked_at timestamptz;
CREATE INDEX api_tokens_agent ON api_tokens (agent_id) WHERE agent_id IS NOT NULL;

ALTER TABLE agents ADD COLUMN active boolean NOT NULL DEFAULT true;

ALTER TABLE workspaces ADD COLUMN security_settings jsonb NOT NULL DEFAULT '{}';

CREATE TABLE api_keys (
  id                    text PRIMARY KEY,
  workspace_id          text NOT NULL REFERENCES workspaces(id),
  name                  text NOT NULL,
  key_hash              text NOT NULL UNIQUE,  -- SHA-256; the clear key is shown once
  prefix                text NOT NULL,         -- first characters, to recognise a key in lists
  scopes                jsonb NOT NULL DEFAULT '[]',
  rate_limit_per_minute int4 NOT NULL,
  created_by            text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  revoked_at            timestamptz
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

-- One-time tickets for the WebSocket URL: only the ticket (valid 30 s) ever appears in a URL.
CREATE TABLE stream_tickets (
  ticket_hash text PRIMARY KEY,
  token_hash  text NOT NULL,
  expires_at  int8 NOT NULL
);

-- Fixed-window counters (login failures per email and per address, requests per API key).
CREATE TABLE rate_counters (
  key          text PRIMARY KEY,
  window_start int8 NOT NULL,
  count        int4 NOT NULL
);

CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  at           int8 NOT NULL,
  actor_type   text NOT NULL,   -- admin (token) | agent | api_key | system
  actor_id     text,
  action       text NOT NULL,   -- e.g. agent.updated, channel.created, admin_token.rotated
  target_type  text NOT NULL,
  target_id    text,
  before       jsonb,
  after        jsonb
);
CREATE INDEX audit_log_workspace ON audit_log (workspace_id, id DESC);
