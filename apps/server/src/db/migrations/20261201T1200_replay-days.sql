-- Replay days (issue #18, decision 0022-replay-days): once a UTC day of a
-- workspace's routing_inputs is done, its rows move into one row here — the
-- day's inputs in lock order as one gzip'd JSON array, and the routing
-- engine's state after them (the checkpoint a later replay starts from
-- instead of the origin). A replay reads a day in one row instead of ~100,000;
-- rows not yet compacted (today, or a recording from before this migration)
-- stay in routing_inputs and are read after the days, as before.
CREATE TABLE routing_input_days (
  workspace_id  text NOT NULL,
  -- The UTC day's start (ms) the inputs were compacted for.
  day           int8 NOT NULL,
  -- The inputs' routing_version range, inclusive: the next day starts after last_version.
  first_version int8 NOT NULL,
  last_version  int8 NOT NULL,
  inputs        int4 NOT NULL,
  first_at      int8 NOT NULL,
  last_at       int8 NOT NULL,
  -- gzip(JSON [[key, at, event, note] | [key, at, null, null, origin snapshot], ...]).
  data          bytea NOT NULL,
  -- gzip(JSON RoutingSnapshot): the engine after the day's last input.
  checkpoint    bytea NOT NULL,
  PRIMARY KEY (workspace_id, day)
);
CREATE UNIQUE INDEX routing_input_days_version ON routing_input_days (workspace_id, last_version);
