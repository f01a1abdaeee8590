-- Replay and what-if (issue #18, decision 0016-replay-inputs). The history
-- tables say what happened; they do not say, in one order, what the routing
-- engine was told: presence_events and conversation_events are two sequences
-- that tie at the same millisecond, a handoff's requirements, key, sticky
-- agent and relaxation policy live only in columns that later change, and
-- capacity, skill and settings changes were not recorded at all. Every event
-- fed to the engine is appended here, in the order of the routing lock.
CREATE TABLE routing_inputs (
  workspace_id text NOT NULL,
  -- The workspace's routing_version of the routing transaction (the lock's order).
  version      int8 NOT NULL,
  -- The event's place inside that transaction.
  seq          int4 NOT NULL,
  at           int8 NOT NULL,
  -- A RoutingEvent type, or 'origin': the engine's whole state when recording began.
  kind         text NOT NULL,
  event        jsonb NOT NULL,
  -- Why a conversation left routing ('completed:abandoned', 'bot:return_keyword'); null otherwise.
  note         text,
  PRIMARY KEY (workspace_id, version, seq)
);
CREATE INDEX routing_inputs_at ON routing_inputs (workspace_id, at);
-- When this workspace's routing inputs start (the 'origin' row); null = not yet.
ALTER TABLE workspaces ADD COLUMN replay_origin int8;

-- What-if runs (POST /simulations). A long one is a stored job any process may
-- claim (compare-and-set on status and lease), run off the request path.
CREATE TABLE simulations (
  id           text PRIMARY KEY,
  workspace_id text NOT NULL REFERENCES workspaces(id),
  status       text NOT NULL,            -- queued | running | done | failed
  request      jsonb NOT NULL,
  result       jsonb,
  error        text,
  progress     real NOT NULL DEFAULT 0,
  lease_until  int8,
  attempts     int4 NOT NULL DEFAULT 0,
  created_by   text,
  created_at   int8 NOT NULL,
  updated_at   int8 NOT NULL
);
CREATE INDEX simulations_claimable ON simulations (status, lease_until) WHERE status IN ('queued', 'running');
CREATE INDEX simulations_workspace ON simulations (workspace_id, created_at DESC);

-- The reproduction check reads a workspace's routing decisions in id order, page by page.
CREATE INDEX conversation_events_workspace ON conversation_events (workspace_id, id);
CREATE INDEX presence_events_workspace ON presence_events (workspace_id, id);
