-- A hand-off's waiting message reads the customer's place in the queue and
-- the ready agents' loads (policy/wait-standing.ts). Both were scans of every
-- open conversation in the workspace: under a backlog of thousands they were
-- two thirds of PostgreSQL's time at 200 hand-offs/s (issue #13, measured
-- with pg_stat_statements), and the slower hand-offs grew the backlog.
-- The place is now a count over this index's range before the conversation
-- (same requirements, earlier queue key); an agent's pending offers are
-- counted through the second, as its assigned ones already are through
-- conversations_assignee.
CREATE INDEX conversations_queue_skills ON conversations (workspace_id, skills, queue_key, id) WHERE status = 'waiting';
CREATE INDEX conversations_offer_agent ON conversations (workspace_id, offer_agent_id) WHERE status = 'dispatching';
