-- Stored files (issue #10, SPEC §5 additions): one row per file whose bytes
-- live in the attachment store (local disk under DATA_DIR or an S3-compatible
-- bucket, apps/server/src/attachments/). A message refers to its files by id
-- in messages.attachments; the row says who may read them: the workspace's
-- staff, and the contact of the conversation the file belongs to.
CREATE TABLE attachments (
  id              text PRIMARY KEY,
  workspace_id    text NOT NULL REFERENCES workspaces(id),
  -- Set when the file is given to a conversation (a customer's upload or
  -- platform media at once; an agent's upload when the reply is sent).
  conversation_id text REFERENCES conversations(id),
  contact_id      text,
  -- customer | agent | channel (platform media fetched by the server)
  source          text NOT NULL,
  agent_id        text,
  name            text NOT NULL,
  content_type    text NOT NULL,
  size            int8 NOT NULL,
  sha256          text NOT NULL,
  -- Where the bytes are: the store's key (never derived from the name).
  storage_key     text NOT NULL,
  created_at      int8 NOT NULL
);
CREATE INDEX attachments_conversation ON attachments (conversation_id) WHERE conversation_id IS NOT NULL;
