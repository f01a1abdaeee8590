-- Issue #16. `?at=` on explain reads each agent's latest assignment before a moment.
CREATE INDEX conversation_events_assigned_agent ON conversation_events ((data->>'agentId'), at) WHERE type = 'assigned';

-- Rollups (docs/metrics.md#rollups). A conversation whose report figures may
-- have changed is marked here, in the transaction that changed it (triggers
-- below); the rollup job (reports/rollup-job.ts) folds it again, row locks
-- with SKIP LOCKED so several processes share the work. The triggers' upsert
-- takes the row lock (DO UPDATE, not DO NOTHING): a mark made while the job
-- folds that conversation waits for the job and survives it, so no event is
-- folded into nothing. Marks are taken in conversation-id order, as the job
-- locks them, so two transactions never wait for each other in a circle.
CREATE TABLE report_dirty (
  conversation_id text PRIMARY KEY,
  workspace_id    text NOT NULL
);
CREATE INDEX report_dirty_workspace ON report_dirty (workspace_id);

-- One row per conversation that asked for a person: its figures as last
-- folded, what the rollups hold for it, and the per-conversation detail log.
CREATE TABLE report_facts (
  conversation_id   text PRIMARY KEY,
  workspace_id      text NOT NULL,
  bucket            int8 NOT NULL,           -- start of the local hour of the hand-off (workspace zone)
  handoff_at        int8 NOT NULL,
  channel_id        text NOT NULL,
  group_key         text NOT NULL,           -- required skills joined by ','
  tag_ids           jsonb NOT NULL DEFAULT '[]',
  agent_ids         jsonb NOT NULL DEFAULT '[]',
  answered_at       int8,
  completed_at      int8,
  wait_ms           int8,
  within_target     boolean NOT NULL,
  abandoned         boolean NOT NULL,
  short_abandon     boolean NOT NULL,
  first_response_ms int8,
  handle_ms         int8,
  transfers         int4 NOT NULL,
  csat              int2,
  agents            jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX report_facts_period ON report_facts (workspace_id, handoff_at);

-- Σ of the facts' counters per local hour, day and month (span h/d/m),
-- channel, requirement group and dimension ('all'; 'agent' with the agent id;
-- 'tag' with the tag id; 'hod' with the local hour of day 0-23).
CREATE TABLE report_rollups (
  workspace_id      text NOT NULL,
  dim               text NOT NULL,
  span              text NOT NULL,
  bucket            int8 NOT NULL,
  channel_id        text NOT NULL,
  group_key         text NOT NULL,
  dim_id            text NOT NULL,
  handled           int8 NOT NULL DEFAULT 0,
  abandoned         int8 NOT NULL DEFAULT 0,
  short_abandoned   int8 NOT NULL DEFAULT 0,
  within_target     int8 NOT NULL DEFAULT 0,
  wait_ms           int8 NOT NULL DEFAULT 0,
  first_response_ms int8 NOT NULL DEFAULT 0,
  first_response_n  int8 NOT NULL DEFAULT 0,
  handle_ms         int8 NOT NULL DEFAULT 0,
  handle_n          int8 NOT NULL DEFAULT 0,
  transfers         int8 NOT NULL DEFAULT 0,
  csat_sum          int8 NOT NULL DEFAULT 0,
  csat_n            int8 NOT NULL DEFAULT 0,
  segments          int8 NOT NULL DEFAULT 0,
  transfers_in      int8 NOT NULL DEFAULT 0,
  transfers_out     int8 NOT NULL DEFAULT 0,
  PRIMARY KEY (workspace_id, dim, span, bucket, channel_id, group_key, dim_id)
);

-- The thresholds and zone the facts were folded with; a change re-marks them all.
CREATE TABLE report_state (
  workspace_id text PRIMARY KEY,
  options      jsonb NOT NULL
);

CREATE FUNCTION report_mark_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (conversation_id, workspace_id)
  SELECT DISTINCT conversation_id, workspace_id FROM new_rows
  WHERE type IN ('status_changed', 'assigned', 'transferred')
  ORDER BY conversation_id
  ON CONFLICT (conversation_id) DO UPDATE SET workspace_id = excluded.workspace_id;
  RETURN NULL;
END $$;
CREATE TRIGGER report_mark_events AFTER INSERT ON conversation_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_events();

CREATE FUNCTION report_mark_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (conversation_id, workspace_id)
  SELECT DISTINCT conversation_id, workspace_id FROM new_rows WHERE sender = 'agent'
  ORDER BY conversation_id
  ON CONFLICT (conversation_id) DO UPDATE SET workspace_id = excluded.workspace_id;
  RETURN NULL;
END $$;
CREATE TRIGGER report_mark_messages AFTER INSERT ON messages
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_mark_messages();

CREATE FUNCTION report_mark_tag() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  INSERT INTO report_dirty (conversation_id, workspace_id) VALUES (r.conversation_id, r.workspace_id) ON CONFLICT (conversation_id) DO UPDATE SET workspace_id = excluded.workspace_id;
  RETURN NULL;
END $$;
CREATE TRIGGER report_mark_tag AFTER INSERT OR DELETE ON conversation_tags FOR EACH ROW EXECUTE FUNCTION report_mark_tag();

CREATE FUNCTION report_mark_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (conversation_id, workspace_id) VALUES (NEW.id, NEW.workspace_id) ON CONFLICT (conversation_id) DO UPDATE SET workspace_id = excluded.workspace_id;
  RETURN NULL;
END $$;
CREATE TRIGGER report_mark_rating AFTER UPDATE OF csat_rating, skills, channel_id ON conversations
  FOR EACH ROW WHEN (OLD.csat_rating IS DISTINCT FROM NEW.csat_rating OR OLD.skills IS DISTINCT FROM NEW.skills OR OLD.channel_id IS DISTINCT FROM NEW.channel_id)
  EXECUTE FUNCTION report_mark_rating();
