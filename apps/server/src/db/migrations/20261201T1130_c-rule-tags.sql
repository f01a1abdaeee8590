-- Keyword rules may set service-reason tags (issue #15): tag names, applied when the rule matches.
ALTER TABLE keyword_rules ADD COLUMN tags jsonb NOT NULL DEFAULT '[]';
