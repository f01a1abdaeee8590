import {
  DomainError, RoutingEngine, snapshotFromHistory, statusAt,
  type AgentState, type HistoryCut, type RoutingEvent, type RecordedAgent, type RecordedConversation, type RecordedEvent, type RoutingSettings,
} from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { ConversationRow } from '../db/schema.ts';
import { dayCheckpoint, dayInputs } from '../simulations/replay-days.ts';

/** The rows the rebuild folds (docs/explain.md#at). */
const ROUTING_ROWS = ['status_changed', 'assigned', 'offered', 'offer_withdrawn', 'requirements_relaxed', 'transferred'];
const SKILL_ROWS = ['requirements_relaxed', 'transferred'];

type EventRow = { id: string; conversation_id: string; at: string; type: string; from_status: string | null; to_status: string | null; cause: string; data: Record<string, unknown> };

const recorded = (e: EventRow): RecordedEvent => ({
  id: Number(e.id), at: Number(e.at), type: e.type, fromStatus: e.from_status, toStatus: e.to_status, cause: e.cause, data: e.data ?? {},
});

/** An ISO moment with offset, not in the future: anything else is the caller's mistake (4xx). */
export function parseMoment(at: string, now: number): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(at) ? Date.parse(at) : NaN;
  if (!Number.isFinite(ms)) throw new DomainError('VALIDATION_FAILED', '`at` must be an ISO time with an offset, e.g. 2026-12-01T09:30:00Z');
  if (ms > now) throw new DomainError('VALIDATION_FAILED', '`at` is in the future: the history does not know it yet');
  return ms;
}

/**
 * `?at=`: the conversation as the history recorded it at that moment. While
 * it waited: the blockers and ranking over the state rebuilt at the moment.
 * Once it had an agent: the decision, ranked over the state just before its
 * latest assignment (the rows before that `assigned` row), so the ranking is
 * the one the engine faced when it chose.
 */
export async function explainAt(deps: Deps, conv: ConversationRow, at: number, today: RoutingSettings) {
  const own = (await eventsOf(deps, [conv.id], at)).get(conv.id) ?? [];
  const status = statusAt(own, { at });
  const assigned = [...own].reverse().find((e) => e.type === 'assigned' && e.at <= at && typeof e.data.agentId === 'string');
  const decided = (status === 'processing' || status === 'completed') && assigned !== undefined;
  const routed = status === 'waiting' || status === 'dispatching' || status === 'processing';
  const base = { at: new Date(at).toISOString(), status: status ?? 'not_created', queuePosition: null, estimatedWaitSeconds: null, blockers: [] as unknown[] };
  if (!decided && !routed) return { ...base, decision: null, candidates: [] };
  const cut: HistoryCut = decided ? { at: assigned.at, beforeId: assigned.id } : { at };
  const inputs = await recordedInputsAt(deps, conv.workspace_id, cut.at);
  const engine = new RoutingEngine(await snapshotAt(deps, conv, inputs?.settings ?? today, cut, inputs?.agents));
  const explanation = engine.explain(conv.id, null);
  if (decided) {
    const decision = { agentId: assigned.data.agentId as string, rule: assigned.cause, decidedAt: new Date(assigned.at).toISOString(), candidates: explanation?.candidates ?? [] };
    return { ...base, decision };
  }
  return { ...base, queuePosition: explanation?.queuePosition ?? null, blockers: explanation?.blockers ?? [], decision: null, candidates: explanation?.candidates ?? [] };
}

/**
 * What the routing engine had been told by the moment about agents' capacity
 * and skills and the routing settings (docs/explain.md#at): the replay
 * recording's (routing_inputs) latest `agent_upserted` row per agent and
 * latest `settings_changed` row at or before it, else its `origin` row's.
 * Null when the moment is before this workspace's recording began.
 */
export async function recordedInputsAt(deps: Pick<Deps, 'db'>, workspaceId: string, at: number) {
  const ws = await deps.db.selectFrom('workspaces').select('replay_origin').where('id', '=', workspaceId).executeTakeFirst();
  if (ws?.replay_origin == null || at < ws.replay_origin) return null;
  // The base: the checkpoint of the last compacted day before the moment (simulations/replay-days.ts), else the origin row.
  const day = await deps.db
    .selectFrom('routing_input_days')
    .select(['checkpoint'])
    .where('workspace_id', '=', workspaceId)
    .where('last_at', '<', at)
    .orderBy('last_version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const origin = day
    ? dayCheckpoint(day.checkpoint)
    : (
        await sql<{ settings: RoutingSettings; agents: AgentState[] }>`
          SELECT event->'settings' AS settings, event->'agents' AS agents FROM routing_inputs
          WHERE workspace_id = ${workspaceId} AND kind = 'origin' ORDER BY version, seq LIMIT 1`.execute(deps.db)
      ).rows[0];
  const base = new Map<string, Pick<AgentState, 'capacity' | 'skills'>>();
  const agents = new Map<string, Pick<AgentState, 'capacity' | 'skills'>>();
  let settings: RoutingSettings | undefined;
  const start = (snapshot: { settings: RoutingSettings; agents: readonly AgentState[] }) => {
    for (const a of snapshot.agents) base.set(a.id, { capacity: a.capacity, skills: a.skills });
    for (const [id, seats] of base) agents.set(id, seats);
    settings = snapshot.settings;
  };
  if (origin) start(origin);
  // Then the compacted day the moment falls in, if any: its inputs up to the moment, in lock order.
  const within = await deps.db
    .selectFrom('routing_input_days')
    .select(['data'])
    .where('workspace_id', '=', workspaceId)
    .where('first_at', '<=', at)
    .where('last_at', '>=', at)
    .executeTakeFirst();
  for (const input of within ? dayInputs(within.data) : []) {
    if (input.at > at) continue;
    if (input.kind === 'event') applyRecorded(input.event, agents, base, (next) => (settings = next));
    // The recording began this day: its origin row is in the day row now.
    else if (!day) start(input.snapshot);
  }
  // Last, the rows not compacted yet (all later than any compacted day): the latest of each kind at or before the moment.
  const changed = await sql<{ settings: RoutingSettings }>`
    SELECT event->'settings' AS settings FROM routing_inputs
    WHERE workspace_id = ${workspaceId} AND kind = 'settings_changed' AND at <= ${at}::int8
    ORDER BY at DESC, version DESC, seq DESC LIMIT 1`.execute(deps.db);
  const latest = await sql<{ id: string; kind: string; agent: AgentState | null }>`
    SELECT a.id, r.kind, r.agent FROM agents a
    JOIN LATERAL (
      SELECT i.kind, i.event->'agent' AS agent FROM routing_inputs i
      WHERE i.workspace_id = ${workspaceId} AND i.kind IN ('agent_upserted', 'agent_removed')
        AND COALESCE(i.event->'agent'->>'id', i.event->>'agentId') = a.id AND i.at <= ${at}::int8
      ORDER BY i.at DESC, i.version DESC, i.seq DESC LIMIT 1) r ON true
    WHERE a.workspace_id = ${workspaceId}`.execute(deps.db);
  for (const r of latest.rows) {
    if (r.kind === 'agent_upserted' && r.agent) agents.set(r.id, { capacity: r.agent.capacity, skills: r.agent.skills });
    else restore(r.id, agents, base);
  }
  settings = changed.rows[0]?.settings ?? settings;
  return settings === undefined ? null : { settings, agents };
}

/** One recorded input's effect on what explain takes from the recording: an agent's seats and skills, the settings. */
function applyRecorded(event: RoutingEvent, agents: Map<string, Pick<AgentState, 'capacity' | 'skills'>>, base: Map<string, Pick<AgentState, 'capacity' | 'skills'>>, setSettings: (s: RoutingSettings) => void) {
  if (event.type === 'agent_upserted') agents.set(event.agent.id, { capacity: event.agent.capacity, skills: event.agent.skills });
  else if (event.type === 'agent_removed') restore(event.agentId, agents, base);
  else if (event.type === 'settings_changed') setSettings(event.settings);
}

/** Removed and not upserted again since: the engine's last word on its seats was the row before; keep the base's, else today's. */
function restore(id: string, agents: Map<string, Pick<AgentState, 'capacity' | 'skills'>>, base: Map<string, Pick<AgentState, 'capacity' | 'skills'>>) {
  const was = base.get(id);
  if (was) agents.set(id, was);
  else agents.delete(id);
}

/**
 * The engine's input at the cut, from the history tables; capacity and skills
 * from the recording where it knows the agent (`recorded`), else the agent's
 * current ones.
 */
async function snapshotAt(deps: Deps, conv: ConversationRow, settings: RoutingSettings, cut: HistoryCut, recorded?: Map<string, Pick<AgentState, 'capacity' | 'skills'>>) {
  const before = cut.beforeId ?? Number.MAX_SAFE_INTEGER;
  const open = await sql<{ id: string; queue_key: string | null; skills: string[] }>`
    SELECT id, queue_key, skills FROM conversations
    WHERE workspace_id = ${conv.workspace_id} AND created_at <= ${cut.at}::int8 AND (closed_at IS NULL OR closed_at >= ${cut.at}::int8)`.execute(deps.db);
  const events = await eventsOf(deps, open.rows.map((r) => r.id), cut.at);
  const sticky = await sql<{ agent_id: string | null }>`
    SELECT e.data->>'agentId' AS agent_id FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
    WHERE c.contact_id = ${conv.contact_id} AND e.type = 'assigned' AND e.at <= ${cut.at}::int8 AND e.id < ${before}::int8
    ORDER BY e.id DESC LIMIT 1`.execute(deps.db);
  const conversations: RecordedConversation[] = open.rows.map((r) => ({
    id: r.id, queueKey: Number(r.queue_key ?? 0), skills: r.skills, events: events.get(r.id) ?? [],
    lastAgentId: r.id === conv.id ? (sticky.rows[0]?.agent_id ?? null) : null,
  }));
  const agents = await sql<{ id: string; capacity: number; skills: Record<string, number>; presence: string | null; ready_since: string | null; last_assigned: string | null }>`
    SELECT a.id, a.capacity, a.skills,
      (SELECT pe.presence FROM presence_events pe WHERE pe.agent_id = a.id AND pe.at <= ${cut.at}::int8 ORDER BY pe.at DESC, pe.id DESC LIMIT 1) AS presence,
      (SELECT min(pe.at) FROM presence_events pe WHERE pe.agent_id = a.id AND pe.at <= ${cut.at}::int8 AND pe.presence = 'ready'
         AND pe.id > COALESCE((SELECT max(q.id) FROM presence_events q WHERE q.agent_id = a.id AND q.at <= ${cut.at}::int8 AND q.presence <> 'ready'), 0)) AS ready_since,
      (SELECT max(e.at) FROM conversation_events e
         WHERE e.type = 'assigned' AND e.data->>'agentId' = a.id AND e.at <= ${cut.at}::int8 AND e.id < ${before}::int8) AS last_assigned
    FROM agents a WHERE a.workspace_id = ${conv.workspace_id}`.execute(deps.db);
  const recordedAgents: RecordedAgent[] = agents.rows.map((a) => ({
    id: a.id, capacity: recorded?.get(a.id)?.capacity ?? a.capacity, skills: recorded?.get(a.id)?.skills ?? a.skills, presence: (a.presence as RecordedAgent['presence']) ?? null,
    readySince: a.ready_since === null ? null : Number(a.ready_since), lastAssignedAt: a.last_assigned === null ? null : Number(a.last_assigned),
  }));
  return snapshotFromHistory(settings, recordedAgents, conversations, cut);
}

/** The routing rows of these conversations up to the moment, plus later requirement changes (they tell the requirements then). */
async function eventsOf(deps: Deps, ids: string[], at: number): Promise<Map<string, RecordedEvent[]>> {
  const out = new Map<string, RecordedEvent[]>();
  if (ids.length === 0) return out;
  const rows = await sql<EventRow>`
    SELECT id, conversation_id, at, type, from_status, to_status, cause, data FROM conversation_events
    WHERE conversation_id IN (${sql.join(ids)}) AND type IN (${sql.join(ROUTING_ROWS)})
      AND (at <= ${at}::int8 OR type IN (${sql.join(SKILL_ROWS)}))
    ORDER BY conversation_id, id`.execute(deps.db);
  for (const r of rows.rows) (out.get(r.conversation_id) ?? out.set(r.conversation_id, []).get(r.conversation_id)!).push(recorded(r));
  return out;
}
