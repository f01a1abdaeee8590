-- Outbound webhooks (SPEC §5 Integrations, issue #11; docs/security.md "Webhooks").
-- Events come from stream_events after their commit; each delivery is a row
-- with a stored deadline and a lease (like the outbox), and every attempt is logged.

CREATE TABLE webhooks (
  id              text PRIMARY KEY,
  workspace_id    text NOT NULL REFERENCES workspaces(id),
  url             text NOT NULL,
  events          jsonb NOT NULL,                 -- event types, 'conversation.*' prefixes or '*'
  include_private boolean NOT NULL DEFAULT false, -- internal notes (message data private: true) only when set
  secret_sealed   text NOT NULL,                  -- HMAC key, sealed with SECRET_KEY and bound to 'webhook:<id>'
  from_seq        int8 NOT NULL,                  -- the workspace's stream cursor at creation: nothing older is sent
  created_by      text,
  created_at      int8 NOT NULL
);
CREATE INDEX webhooks_workspace ON webhooks (workspace_id);

-- How far each workspace's stream has been turned into deliveries; one process
-- at a time holds a workspace's row (FOR UPDATE SKIP LOCKED).
CREATE TABLE webhook_feeds (
  workspace_id text PRIMARY KEY REFERENCES workspaces(id),
  seq          int8 NOT NULL
);

CREATE TABLE webhook_deliveries (
  id              text PRIMARY KEY,
  webhook_id      text NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  workspace_id    text NOT NULL,
  event_seq       int8 NOT NULL,
  event_type      text NOT NULL,
  body            text NOT NULL,              -- exactly the bytes signed and sent
  status          text NOT NULL,              -- pending | sending | delivered | failed
  attempts        int4 NOT NULL DEFAULT 0,
  next_attempt_at int8 NOT NULL,              -- due time; while sending, the end of the lease
  created_at      int8 NOT NULL,
  delivered_at    int8,
  UNIQUE (webhook_id, event_seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC);

CREATE TABLE webhook_attempts (
  id          bigserial PRIMARY KEY,
  delivery_id text NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt     int4 NOT NULL,
  at          int8 NOT NULL,
  duration_ms int4 NOT NULL,
  status_code int4,                           -- the receiver's HTTP status, null when none came
  error       text,                           -- our words (code and status), never the receiver's body
  outcome     text NOT NULL                   -- delivered | retry | failed
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
