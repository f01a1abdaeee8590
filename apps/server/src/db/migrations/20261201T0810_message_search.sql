-- Message search (issue #10): each message's terms (core's documentTerms:
-- words, and CJK characters with their bigrams) as a tsvector written with the
-- message, answered by a GIN index. Older rows are filled in batches at start
-- (conversations/search-backfill.ts) and are NULL until then.
ALTER TABLE messages ADD COLUMN search tsvector;
CREATE INDEX messages_search ON messages USING gin (search);
-- A contact's conversations newest first (the contact panel's history), and lists by period.
CREATE INDEX conversations_contact_created ON conversations (contact_id, created_at DESC);
-- Rows still without terms (those stored before this migration). New rows
-- always carry terms, so this index is empty once the backfill is done.
CREATE INDEX messages_unsearched ON messages (id) WHERE search IS NULL;
-- Matching messages newest first: a common term walks this and stops at a page.
CREATE INDEX messages_workspace_time ON messages (workspace_id, created_at, id);
