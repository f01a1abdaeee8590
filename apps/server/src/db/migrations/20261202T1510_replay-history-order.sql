-- The replay's reproduction check (issue #18, simulations/history-reader.ts)
-- reads a period's routing decisions from conversation_events, and the
-- missed-offer aways from presence_events, in pages of 10,000. Keyed on id
-- with the period as a filter, PostgreSQL planned each page as a bitmap scan
-- of every later row of the workspace plus a sort (773 s for a generated
-- month of 2.8 M decisions). These partial indexes hold only the rows the
-- check reads, in the order it reads them: (at, id) within the workspace, so
-- a page is an ordered range scan from the previous page's last (at, id).
CREATE INDEX conversation_events_decisions ON conversation_events (workspace_id, at, id)
  WHERE type IN ('status_changed', 'offered', 'offer_withdrawn', 'assigned', 'requirements_relaxed');
CREATE INDEX presence_events_missed ON presence_events (workspace_id, at, id)
  WHERE reason = 'missed' AND actor_id IS NULL;
