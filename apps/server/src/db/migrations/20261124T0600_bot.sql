-- Bot (issue #4): keyword rules, knowledge articles, versioned conversation scripts,
-- and the per-workspace version numbers that tag each process's in-memory caches.

-- Bumped in the same transaction as any rule or article change. A process whose
-- cached matcher or knowledge index carries another number rebuilds it. A table
-- of its own, not columns on workspaces: writing the workspaces row would queue
-- behind the routing lock (FOR NO KEY UPDATE) that every routing step holds.
CREATE TABLE bot_versions (
  workspace_id  text PRIMARY KEY REFERENCES workspaces(id),
  rules_version int8 NOT NULL DEFAULT 0,
  kb_version    int8 NOT NULL DEFAULT 0
);

-- Ordered per scope: a channel's rules (channel_id set) are tried before the
-- workspace's (channel_id null). Positions are dense from 0 within a scope.
CREATE TABLE keyword_rules (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  channel_id   text REFERENCES channels(id),
  position     int4 NOT NULL,
  match        text NOT NULL,             -- exact | contains | regex
  pattern      text NOT NULL,
  reply        text,
  action       jsonb,                     -- {type: handoff|start_script|close, ...}
  created_at   int8 NOT NULL,
  updated_at   int8 NOT NULL
);
CREATE INDEX keyword_rules_scope ON keyword_rules (workspace_id, channel_id, position);

CREATE TABLE knowledge_articles (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  question     text NOT NULL,
  answer       text NOT NULL,
  alternatives jsonb NOT NULL DEFAULT '[]',
  tags         jsonb NOT NULL DEFAULT '[]',
  created_at   int8 NOT NULL,
  updated_at   int8 NOT NULL
);
CREATE INDEX knowledge_articles_workspace ON knowledge_articles (workspace_id, id);

-- A script's editable draft (always valid: validated on save) and the number of
-- its latest published version. Ids are chosen by the admin (e.g. order-status)
-- so keyword rules and channels can name them.
CREATE TABLE scripts (
  workspace_id      text NOT NULL REFERENCES workspaces(id),
  id                text NOT NULL,
  name              text,
  draft             jsonb NOT NULL,
  published_version int4,
  created_at        int8 NOT NULL,
  updated_at        int8 NOT NULL,
  deleted_at        int8,
  PRIMARY KEY (workspace_id, id)
);

-- Published versions are frozen: never updated, never deleted, because a running
-- conversation keeps the version it started with (conversations.script_state).
CREATE TABLE script_versions (
  workspace_id text NOT NULL,
  script_id    text NOT NULL,
  version      int4 NOT NULL,
  definition   jsonb NOT NULL,
  published_at int8 NOT NULL,
  PRIMARY KEY (workspace_id, script_id, version),
  FOREIGN KEY (workspace_id, script_id) REFERENCES scripts (workspace_id, id)
);
