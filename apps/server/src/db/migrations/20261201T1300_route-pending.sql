-- A new customer's hand-off joins the routing group commit (issue #13,
-- decision 0024-handoff-joins-group-commit): the inbound transaction stores
-- the conversation `waiting` with this deadline and commits without the
-- workspace's routing lock; the routing batch that tells the engine clears
-- it. Until then the engine does not route the conversation (the snapshot
-- leaves it out). A process that dies in between leaves the deadline, and
-- the scheduler of any process routes the conversation once it has passed.
ALTER TABLE conversations ADD COLUMN route_pending_at int8;
CREATE INDEX conversations_route_pending_at ON conversations (route_pending_at) WHERE route_pending_at IS NOT NULL;
