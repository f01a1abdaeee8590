-- Which process holds an outbox claim (issue #13): `host/pid` of the sender,
-- set by each claim. Nothing decides on it (the lease and the attempts
-- compare-and-set do): it lets an operator see who holds a stuck row, and the
-- fault suite count the sends a killed process had in flight.
ALTER TABLE outbox ADD COLUMN claimed_by text;
