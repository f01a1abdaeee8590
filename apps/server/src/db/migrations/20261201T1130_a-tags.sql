-- Service-reason tags (issue #15): an admin-managed list per workspace, the
-- same across channels, and the tags each conversation carries. Reports count
-- conversations per tag through conversation_tags (issue #16 reads it).
CREATE TABLE tags (
  id                text PRIMARY KEY,
  workspace_id      text NOT NULL REFERENCES workspaces(id),
  name              text NOT NULL,
  color             text NOT NULL DEFAULT '#64748b',
  -- Archived tags stay on the conversations that carry them (history, reports) but are offered no more.
  archived          boolean NOT NULL DEFAULT false,
  created_at        int8 NOT NULL,
  UNIQUE (workspace_id, name)
);
-- One row per tag on a conversation: who or what set it (agent, rule, script) and when.
CREATE TABLE conversation_tags (
  conversation_id   text NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  tag_id            text NOT NULL REFERENCES tags(id),
  workspace_id      text NOT NULL,
  source            text NOT NULL,
  added_by          text,
  created_at        int8 NOT NULL,
  PRIMARY KEY (conversation_id, tag_id)
);
CREATE INDEX conversation_tags_by_tag ON conversation_tags (tag_id, conversation_id);
