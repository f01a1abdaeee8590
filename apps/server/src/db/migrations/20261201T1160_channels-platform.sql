-- Channels as the platforms send them (issue #14, second half; decision 0016-channels).
-- platform_meta: what a platform tells us about one message beyond its text
-- and attachments, and what we learn of it later: the LINE reply token (never
-- shown), the group speaker, reply-to / forward context, the mail subject,
-- the platform's own message id (Telegram chat:message_id) for edits,
-- edits (previous texts kept), LINE unsend, reactions, and for our own
-- messages how they went out (deliveredVia reply|push, template, Messenger
-- tag) and the platform's receipts (delivered / read).
ALTER TABLE messages ADD COLUMN platform_meta jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX messages_platform_id ON messages (channel_id, (platform_meta->>'platformId')) WHERE (platform_meta->>'platformId') IS NOT NULL;
-- Customer messages of a conversation by time: the messaging windows (WhatsApp,
-- Messenger, Instagram) are measured from the customer's latest message.
CREATE INDEX messages_customer_latest ON messages (conversation_id, created_at) WHERE sender = 'customer';

-- WhatsApp message templates, approved in Meta's WhatsApp Manager and listed
-- here per channel so agents can send one when the 24-hour window is closed.
CREATE TABLE channel_templates (
  id text PRIMARY KEY,
  workspace_id text NOT NULL,
  channel_id text NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  name text NOT NULL,
  language text NOT NULL,
  category text NOT NULL DEFAULT 'UTILITY',
  body text NOT NULL,
  parameters jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at int8 NOT NULL,
  UNIQUE (channel_id, name, language)
);

-- Platform media to fetch into attachment storage (LINE content API, Telegram
-- getFile, WhatsApp media URL, Messenger/Instagram attachment URLs): one row
-- per attachment of a stored customer message, claimed by a worker with a
-- lease (FOR UPDATE SKIP LOCKED) like the outbox; retried with backoff.
CREATE TABLE media_fetches (
  id              text PRIMARY KEY,
  workspace_id    text NOT NULL,
  channel_id      text NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
  message_id      text NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
  idx             int4 NOT NULL,            -- the attachment's place in messages.attachments
  status          text NOT NULL,            -- pending | fetching | stored | failed
  attempts        int4 NOT NULL DEFAULT 0,
  next_attempt_at int8 NOT NULL,            -- pending: earliest try; fetching: the lease
  last_error      text,
  created_at      int8 NOT NULL,
  updated_at      int8 NOT NULL,
  UNIQUE (message_id, idx)
);
CREATE INDEX media_fetches_due ON media_fetches (next_attempt_at, id) WHERE status IN ('pending', 'fetching');
