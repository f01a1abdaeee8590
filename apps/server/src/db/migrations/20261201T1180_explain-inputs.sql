-- Issue #16: `?at=` on explain takes agents' capacity and skills and the
-- routing settings as the routing engine was told them at that moment
-- (routing_inputs, migration 20261201T1150): the latest agent_upserted /
-- agent_removed row of each agent, and the latest settings_changed row, at or
-- before the moment. One short index walk each, however long the recording.
CREATE INDEX routing_inputs_agent_state ON routing_inputs (workspace_id, (COALESCE(event->'agent'->>'id', event->>'agentId')), at)
  WHERE kind IN ('agent_upserted', 'agent_removed');
CREATE INDEX routing_inputs_settings ON routing_inputs (workspace_id, at) WHERE kind = 'settings_changed';
