-- Replay facts (issue #18, decision 0026-replay-facts): with each compacted
-- day, what the replay's recording reader learns from it (core
-- replay/facts.ts), written once at compaction from the previous day's
-- checkpoint, so a replay of compacted days runs the simulator alone instead
-- of a second engine beside it. Null for days compacted before this
-- migration: a replay derives their facts as it reads them, as before.
ALTER TABLE routing_input_days ADD COLUMN facts bytea;
