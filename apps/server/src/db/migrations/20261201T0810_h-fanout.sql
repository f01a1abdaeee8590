-- Resumable streams (issue #13): every stream event gets a per-workspace
-- sequence number after its transaction commits, so a socket that reconnects
-- to any process replays what it missed (`?after=<cursor>`). The counter row
-- is locked only by the one statement that numbers a batch, so numbers are
-- handed out in commit order: a reader never sees n+1 without n.
CREATE TABLE stream_cursors (
  workspace_id text PRIMARY KEY,
  seq bigint NOT NULL
);

CREATE TABLE stream_events (
  workspace_id text NOT NULL,
  seq bigint NOT NULL,
  conversation_id text,
  event jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, seq)
);

-- A visitor's replay reads only its own conversations' events.
CREATE INDEX stream_events_conversation ON stream_events (conversation_id, seq) WHERE conversation_id IS NOT NULL;
-- Pruning (events are kept for minutes: a reconnect, not an archive).
CREATE INDEX stream_events_created ON stream_events (created_at);
