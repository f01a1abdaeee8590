-- Queue policy (issue #12, SPEC R10–R13). Every timer is a stored deadline
-- that whichever process is up fires (scheduler/due-timers.ts,
-- policy/policy-timers.ts).
-- Workspace schedule (R11; NULL = always open), intake and message settings,
-- and the recorded handle times per requirement group (R12's service rate).
ALTER TABLE workspaces ADD COLUMN business_hours jsonb;
ALTER TABLE workspaces ADD COLUMN queue_policy jsonb NOT NULL DEFAULT '{}';
ALTER TABLE workspaces ADD COLUMN handle_times jsonb NOT NULL DEFAULT '{}';
-- A channel's own policy: relaxation, messages and optionally its own schedule.
ALTER TABLE channels ADD COLUMN queue_policy jsonb NOT NULL DEFAULT '{}';
-- R10: the pending policy and its deadline, as the engine keeps them.
ALTER TABLE conversations ADD COLUMN relaxation jsonb;
ALTER TABLE conversations ADD COLUMN relax_at int8;
-- R13: when the current agent got it, when the idle reminder went, and the
-- earliest deadline that may be due (recomputed from the activity when it fires).
ALTER TABLE conversations ADD COLUMN assigned_at int8;
ALTER TABLE conversations ADD COLUMN idle_reminder_at int8;
ALTER TABLE conversations ADD COLUMN timer_at int8;
CREATE INDEX conversations_relax_at ON conversations (relax_at) WHERE relax_at IS NOT NULL;
CREATE INDEX conversations_timer_at ON conversations (timer_at) WHERE timer_at IS NOT NULL;
