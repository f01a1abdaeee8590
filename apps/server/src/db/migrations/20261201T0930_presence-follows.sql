-- Presence follows the person (SPEC R14, issue #10). While an agent has a
-- console socket open on some process, that process writes the time here every
-- few seconds; once it is older than the workspace's disconnectGraceSeconds the
-- agent is set offline. NULL: no console connection to follow (presence set
-- through the API is left as set).
ALTER TABLE agents ADD COLUMN console_seen_at int8;
CREATE INDEX agents_console_seen ON agents (console_seen_at) WHERE console_seen_at IS NOT NULL;
-- The same for a web-chat visitor's page: a visitor queued with no page open
-- past visitorGraceSeconds has left (completed, abandoned).
ALTER TABLE webchat_sessions ADD COLUMN seen_at int8;
CREATE INDEX webchat_sessions_seen ON webchat_sessions (seen_at) WHERE seen_at IS NOT NULL;
