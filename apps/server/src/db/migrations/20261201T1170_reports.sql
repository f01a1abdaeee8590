-- Issue #16. `?at=` on explain reads each agent's latest assignment before a moment.
CREATE INDEX conversation_events_assigned_agent ON conversation_events ((data->>'agentId'), at) WHERE type = 'assigned';
