-- Channel adapters (issue #6): the outbound outbox, web-chat visitor sessions,
-- and the e-mail headers a reply needs to thread.

-- One row per agent/bot message that must reach a platform, written in the same
-- transaction as the message. A worker claims due rows, sends, and marks them.
CREATE TABLE outbox (
  id                  text PRIMARY KEY,
  workspace_id        text NOT NULL REFERENCES workspaces(id),
  channel_id          text NOT NULL REFERENCES channels(id),
  conversation_id     text NOT NULL REFERENCES conversations(id),
  message_id          text NOT NULL REFERENCES messages(id),
  seq                 int4 NOT NULL,            -- the message's place in its conversation: sends keep this order
  status              text NOT NULL,            -- pending | sending | sent | failed
  attempts            int4 NOT NULL DEFAULT 0,
  -- pending: earliest time to try; sending: the claim's lease (expired = the sender died, try again).
  next_attempt_at     int8 NOT NULL,
  parts_sent          int4 NOT NULL DEFAULT 0,  -- multi-request sends (text + images) resume after the last accepted part
  platform_message_id text,
  last_error          text,
  response            jsonb,
  created_at          int8 NOT NULL,
  updated_at          int8 NOT NULL
);
CREATE UNIQUE INDEX outbox_message ON outbox (message_id);
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_conversation_open ON outbox (conversation_id, seq) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_platform_id ON outbox (channel_id, platform_message_id) WHERE platform_message_id IS NOT NULL;

-- A web-chat visitor. The token lives in the visitor's localStorage; only its SHA-256 is kept.
CREATE TABLE webchat_sessions (
  token_hash      text PRIMARY KEY,
  workspace_id    text NOT NULL REFERENCES workspaces(id),
  channel_id      text NOT NULL REFERENCES channels(id),
  contact_id      text NOT NULL REFERENCES contacts(id),
  visitor_id      text NOT NULL,            -- the contact's external id on this channel
  last_read_message_id text,
  created_at      int8 NOT NULL
);
CREATE INDEX webchat_sessions_contact ON webchat_sessions (contact_id);

-- RFC 5322 headers of every mail in or out of an e-mail channel: replies set
-- In-Reply-To/References from here, and SPF/DKIM results are kept for agents.
CREATE TABLE email_headers (
  message_id      text PRIMARY KEY REFERENCES messages(id),
  conversation_id text NOT NULL REFERENCES conversations(id),
  rfc_message_id  text NOT NULL,
  subject         text,
  in_reply_to     text,
  spf             text,
  dkim            text,
  created_at      int8 NOT NULL
);
CREATE INDEX email_headers_conversation ON email_headers (conversation_id, created_at);
