-- Report marks never make anyone wait (issue #13, decision 0017-report-marks).
-- A mark was one row per conversation, upserted by the history and message
-- triggers; the fold job holds the marks it takes (FOR UPDATE) while it folds,
-- so a routing transaction whose history marked a conversation being folded
-- waited for the fold — under the workspace's routing lock, stalling every
-- routing request behind it. Marks are now appended, several per conversation
-- if need be: an insert waits for nothing. The fold takes marks by id, folds
-- each conversation once under a transaction-scoped advisory lock of its own
-- (two processes never fold one conversation at once), and deletes exactly the
-- marks it took; one added while it folded stays for the next pass.
ALTER TABLE report_dirty DROP CONSTRAINT report_dirty_pkey;
ALTER TABLE report_dirty ADD COLUMN id bigserial PRIMARY KEY;
CREATE INDEX report_dirty_conversation ON report_dirty (conversation_id);

CREATE OR REPLACE FUNCTION report_mark_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (conversation_id, workspace_id)
  SELECT DISTINCT conversation_id, workspace_id FROM new_rows
  WHERE type IN ('status_changed', 'assigned', 'transferred');
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_mark_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (conversation_id, workspace_id)
  SELECT DISTINCT conversation_id, workspace_id FROM new_rows WHERE sender = 'agent';
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_mark_tag() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
  INSERT INTO report_dirty (conversation_id, workspace_id) VALUES (r.conversation_id, r.workspace_id);
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION report_mark_rating() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_dirty (conversation_id, workspace_id) VALUES (NEW.id, NEW.workspace_id);
  RETURN NULL;
END $$;
