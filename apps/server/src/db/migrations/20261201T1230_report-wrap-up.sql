-- Wrap-up in the rollups (issue #16): the summary's average wrap-up (close →
-- wrap-up end) and the per-agent one are sums of counters like every other
-- report figure, not a scan of the period's conversations per request.
-- A fact keeps its wrap-up (wrap_up_ended − completion, from the history);
-- an agent's part of it (report_facts.agents) keeps wrapUpMs/wrapUpN.
ALTER TABLE report_facts ADD COLUMN wrap_up_ms int8;
ALTER TABLE report_rollups ADD COLUMN wrap_up_ms int8 NOT NULL DEFAULT 0;
ALTER TABLE report_rollups ADD COLUMN wrap_up_n int8 NOT NULL DEFAULT 0;

-- The end of a wrap-up now changes a fact: it marks the conversation.
CREATE OR REPLACE FUNCTION report_mark_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (conversation_id, workspace_id)
  SELECT DISTINCT conversation_id, workspace_id FROM new_rows
  WHERE type IN ('status_changed', 'assigned', 'transferred', 'wrap_up_ended');
  RETURN NULL;
END $$;

-- Facts folded before this counted no wrap-up: the conversations whose wrap-up
-- ended are folded again (the fold subtracts the old fact, adds the new one).
INSERT INTO report_dirty (conversation_id, workspace_id)
SELECT id, workspace_id FROM conversations WHERE wrap_up_ended_at IS NOT NULL;
