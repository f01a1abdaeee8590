-- R12 (issue #12): the waiting message again every N minutes while the
-- conversation waits for a person. The next repetition is a stored deadline
-- (policy/waiting-repeat.ts fires it from whichever process is up); routing
-- clears it when an agent gets the conversation, the task when it finds the
-- conversation no longer waiting.
ALTER TABLE conversations ADD COLUMN waiting_repeat_at int8;
CREATE INDEX conversations_waiting_repeat_at ON conversations (waiting_repeat_at) WHERE waiting_repeat_at IS NOT NULL;
