-- Questions the bot could not answer (issue #17): one row per workspace and
-- normalised text (the grouping key), counted, with the articles that came
-- closest at the last asking. Written off the inbound path, in batches
-- (apps/server/src/bot/knowledge-signals.ts).
CREATE TABLE unanswered_questions (
  id             text PRIMARY KEY,
  workspace_id   text NOT NULL REFERENCES workspaces(id),
  normalized     text NOT NULL,
  text           text NOT NULL,
  count          int4 NOT NULL DEFAULT 1,
  first_asked_at int8 NOT NULL,
  last_asked_at  int8 NOT NULL,
  near_misses    jsonb NOT NULL DEFAULT '[]',
  UNIQUE (workspace_id, normalized)
);
CREATE INDEX unanswered_questions_count ON unanswered_questions (workspace_id, count DESC);
-- Customers' "helpful" / "not helpful" answers to a knowledge-base reply.
ALTER TABLE knowledge_articles ADD COLUMN helpful_count int4 NOT NULL DEFAULT 0;
ALTER TABLE knowledge_articles ADD COLUMN not_helpful_count int4 NOT NULL DEFAULT 0;
