-- Agent tools (issue #15): internal notes, canned responses, satisfaction
-- surveys, wrap-up time. Settings live in workspaces.agent_tools
-- ({csat: {...}, wrapUpSeconds, tagsRequiredAtClose}).
ALTER TABLE workspaces ADD COLUMN agent_tools jsonb NOT NULL DEFAULT '{}';

-- An internal note is an agent message with private = true: staff only, never
-- queued in the outbox, never on a visitor's socket or in the widget's history.
ALTER TABLE messages ADD COLUMN private boolean NOT NULL DEFAULT false;
-- Agent ids a note @mentions (each was notified).
ALTER TABLE messages ADD COLUMN mentions jsonb NOT NULL DEFAULT '[]';

-- owner_agent_id NULL: workspace-wide; else the agent's own.
CREATE TABLE canned_responses (
  id              text PRIMARY KEY,
  workspace_id    text NOT NULL REFERENCES workspaces(id),
  owner_agent_id  text REFERENCES agents(id) ON DELETE CASCADE,
  shortcut        text NOT NULL,
  text            text NOT NULL,
  folder          text,
  tags            jsonb NOT NULL DEFAULT '[]',
  language        text,
  usage_count     int4 NOT NULL DEFAULT 0,
  last_used_at    int8,
  created_at      int8 NOT NULL,
  updated_at      int8 NOT NULL
);
CREATE UNIQUE INDEX canned_responses_shortcut ON canned_responses (workspace_id, COALESCE(owner_agent_id, ''), shortcut, COALESCE(language, ''));

-- Satisfaction (SPEC §5): when the survey went out (the 24 h reply window
-- starts there), the rating and the comment that may follow it.
ALTER TABLE conversations ADD COLUMN csat_asked_at int8;
ALTER TABLE conversations ADD COLUMN csat_rating int2;
ALTER TABLE conversations ADD COLUMN csat_comment text;
ALTER TABLE conversations ADD COLUMN csat_rated_at int8;
CREATE INDEX conversations_csat_pending ON conversations (channel_id, contact_id, csat_asked_at) WHERE csat_asked_at IS NOT NULL;

-- Wrap-up: after close, the agent's seat stays counted until wrap_up_until
-- (a stored deadline the scheduler ends) or the agent ends it; then NULL.
ALTER TABLE conversations ADD COLUMN wrap_up_until int8;
ALTER TABLE conversations ADD COLUMN wrap_up_ended_at int8;
CREATE INDEX conversations_wrap_up ON conversations (wrap_up_until) WHERE wrap_up_until IS NOT NULL;
