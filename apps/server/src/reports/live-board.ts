import { conversationFacts, figuresOf, localDayStart, occupancy, zeroCounters, type ConversationHistory, type Counters } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { catchUp } from './rollup-job.ts';
import { sumRollups } from './rollup-read.ts';

const LAST_MINUTES = 30;

type Window = ReturnType<typeof windowFigures>;

function windowFigures(c: Counters, serviceLevelSeconds: number) {
  const f = figuresOf(c, serviceLevelSeconds);
  return { offered: f.offered, handled: f.handled, abandoned: f.abandoned, abandonRate: f.abandonRate, serviceLevel: f.serviceLevel.ratio, averageSpeedOfAnswerSeconds: f.averageSpeedOfAnswerSeconds };
}

/**
 * GET /reports/live: the supervisor's board (issue #16), per queue
 * (requirement group) and per channel — waiting, longest wait, service level
 * today and in the last 30 minutes against the target, ASA, abandonment —
 * and the agents by state with their time in it and today's occupancy. The
 * console refetches it when stream frames say something changed (no polling);
 * `alerts` lists every window whose service level is under target.
 */
export async function liveBoard(deps: Deps, p: Principal) {
  const now = deps.clock.now();
  const options = await catchUp(deps, p.workspaceId);
  const ws = await deps.db.selectFrom('workspaces').select('routing_settings').where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  const stored = ws.routing_settings.serviceLevelTarget;
  const target = typeof stored === 'number' && stored >= 0 && stored <= 1 ? stored : 0.8;
  const today = localDayStart(now, options.timeZone);
  const windows = { today: { from: today, to: now + 1 }, last30: { from: now - LAST_MINUTES * 60_000, to: now + 1 } };
  const sums = async (by: 'group' | 'channel') => {
    const out: Record<'today' | 'last30', Map<string, Counters>> = { today: new Map(), last30: new Map() };
    for (const w of ['today', 'last30'] as const) out[w] = await sumRollups(deps.db, { workspaceId: p.workspaceId, ...windows[w] }, 'all', by, options.timeZone);
    return out;
  };
  const [byGroup, byChannel] = [await sums('group'), await sums('channel')];

  const waiting = await sql<{ channel_id: string; skills: string[]; n: number; first: number | null; oldest: string }>`
    SELECT DISTINCT ON (channel_id, skills) channel_id, skills, count(*) OVER (PARTITION BY channel_id, skills)::int AS n, handoff_at AS first, id AS oldest
    FROM conversations WHERE workspace_id = ${p.workspaceId} AND status IN ('waiting', 'dispatching')
    ORDER BY channel_id, skills, handoff_at NULLS LAST, id`.execute(deps.db);
  const agents = await agentStates(deps, p.workspaceId, today, now);
  const channels = await deps.db.selectFrom('channels').select(['id', 'name']).where('workspace_id', '=', p.workspaceId).execute();

  const queueKeys = new Set<string>([...byGroup.today.keys(), ...byGroup.last30.keys(), ...waiting.rows.map((r) => groupKey(r.skills))]);
  const alerts: Array<{ scope: 'queue' | 'channel'; id: string; window: 'today' | 'last30'; serviceLevel: number; target: number }> = [];
  const row = (scope: 'queue' | 'channel', id: string, sums: Record<'today' | 'last30', Map<string, Counters>>, waits: typeof waiting.rows) => {
    const t = windowFigures(sums.today.get(id) ?? zeroCounters(), options.serviceLevelSeconds);
    const l = windowFigures(sums.last30.get(id) ?? zeroCounters(), options.serviceLevelSeconds);
    for (const [window, w] of [['today', t], ['last30', l]] as Array<['today' | 'last30', Window]>) {
      if (w.serviceLevel !== null && w.serviceLevel < target) alerts.push({ scope, id, window, serviceLevel: w.serviceLevel, target });
    }
    const oldest = waits.filter((r) => r.first !== null).sort((a, b) => Number(a.first) - Number(b.first))[0];
    const first = oldest ? Number(oldest.first) : null;
    return {
      waiting: waits.reduce((n, r) => n + r.n, 0),
      /** The longest waiting conversation: the one "Why?" asks about. */
      oldestConversationId: oldest?.oldest ?? null,
      longestWaitSeconds: first === null ? null : Math.max(0, Math.round((now - first) / 1000)),
      today: t,
      last30: l,
      belowTarget: (t.serviceLevel !== null && t.serviceLevel < target) || (l.serviceLevel !== null && l.serviceLevel < target),
    };
  };
  const queues = [...queueKeys].sort().map((key) => {
    const skills = key === '' ? [] : key.split(',');
    const qualified = agents.filter((a) => skills.every((s) => (a.skills[s] ?? 0) > 0));
    return {
      skills,
      ...row('queue', key, byGroup, waiting.rows.filter((r) => groupKey(r.skills) === key)),
      agents: countStates(qualified),
    };
  });
  const channelIds = new Set<string>([...byChannel.today.keys(), ...byChannel.last30.keys(), ...waiting.rows.map((r) => r.channel_id)]);
  const names = new Map(channels.map((c) => [c.id, c.name]));
  const channelRows = [...channelIds].sort().map((id) => ({ channelId: id, name: names.get(id) ?? null, ...row('channel', id, byChannel, waiting.rows.filter((r) => r.channel_id === id)) }));
  const held = agents.filter((a) => a.presence === 'ready' || a.load > 0);
  return {
    at: new Date(now).toISOString(),
    timeZone: options.timeZone,
    serviceLevelSeconds: options.serviceLevelSeconds,
    serviceLevelTarget: target,
    queues,
    channels: channelRows,
    agents: agents.map(({ skills: _skills, ...a }) => a),
    agentStates: countStates(agents),
    occupancyNow: held.length === 0 ? null : Math.round((held.reduce((n, a) => n + Math.min(a.load, a.capacity), 0) / held.reduce((n, a) => n + a.capacity, 0)) * 10_000) / 10_000,
    alerts,
  };
}

const groupKey = (skills: readonly string[]) => [...new Set(skills)].sort().join(',');

type AgentState = 'ready' | 'busy' | 'away' | 'offline';
/** ready with room, busy (ready and full), away, offline. */
const stateOf = (a: { presence: string; load: number; capacity: number }): AgentState =>
  a.presence === 'ready' ? (a.load >= a.capacity ? 'busy' : 'ready') : a.presence === 'away' ? 'away' : 'offline';

function countStates(agents: Array<{ state: AgentState }>) {
  const out: Record<AgentState, number> = { ready: 0, busy: 0, away: 0, offline: 0 };
  for (const a of agents) out[a.state]++;
  return out;
}

/** Every active agent: presence and since when, load, and occupancy since the local midnight (history rows of today). */
async function agentStates(deps: Deps, workspaceId: string, from: number, now: number) {
  const rows = await sql<{ id: string; name: string; presence: string; capacity: number; skills: Record<string, number>; load: number; since: number | null }>`
    SELECT a.id, a.name, a.presence, a.capacity, a.skills,
      (SELECT count(*)::int FROM conversations c WHERE c.workspace_id = a.workspace_id AND c.assignee_id = a.id AND c.status = 'processing') AS load,
      (SELECT max(pe.at) FROM presence_events pe WHERE pe.agent_id = a.id) AS since
    FROM agents a WHERE a.workspace_id = ${workspaceId} AND a.active ORDER BY a.name, a.id`.execute(deps.db);
  const presence = await sql<{ agent_id: string; at: number; presence: string }>`
    SELECT pe.agent_id, pe.at, pe.presence FROM presence_events pe JOIN agents a ON a.id = pe.agent_id
    WHERE a.workspace_id = ${workspaceId} AND (pe.at >= ${from}::int8 OR pe.id = (SELECT max(q.id) FROM presence_events q WHERE q.agent_id = pe.agent_id AND q.at < ${from}::int8))
    ORDER BY pe.at, pe.id`.execute(deps.db);
  // Conversations held at any moment today: open ones, and those closed since midnight.
  const events = await sql<{ conversation_id: string; at: number; type: string; from_status: string | null; to_status: string | null; cause: string; agent_id: string | null }>`
    SELECT e.conversation_id, e.at, e.type, e.from_status, e.to_status, e.cause, e.data->>'agentId' AS agent_id
    FROM conversation_events e JOIN conversations c ON c.id = e.conversation_id
    WHERE c.workspace_id = ${workspaceId} AND (c.closed_at IS NULL OR c.closed_at >= ${from}::int8) AND c.assignee_id IS NOT NULL
      AND e.type IN ('status_changed', 'assigned') ORDER BY e.conversation_id, e.id`.execute(deps.db);
  const histories = new Map<string, ConversationHistory>();
  for (const e of events.rows) {
    const h = histories.get(e.conversation_id) ?? histories.set(e.conversation_id, { id: e.conversation_id, events: [], agentMessages: [] }).get(e.conversation_id)!;
    h.events.push({ at: Number(e.at), type: e.type, fromStatus: e.from_status, toStatus: e.to_status, cause: e.cause, agentId: e.agent_id });
  }
  const segments = new Map<string, Array<{ start: number; end: number | null }>>();
  for (const h of histories.values()) {
    for (const s of conversationFacts(h).segments) (segments.get(s.agentId) ?? segments.set(s.agentId, []).get(s.agentId)!).push({ start: s.start, end: s.end });
  }
  return rows.rows.map((a) => {
    const state = stateOf(a);
    return {
      id: a.id, name: a.name, presence: a.presence, state, load: a.load, capacity: a.capacity, skills: a.skills,
      since: a.since === null ? null : new Date(Number(a.since)).toISOString(),
      secondsInState: a.since === null ? null : Math.max(0, Math.round((now - Number(a.since)) / 1000)),
      occupancyToday: occupancy({
        capacity: a.capacity,
        presence: presence.rows.filter((r) => r.agent_id === a.id).map((r) => ({ at: Number(r.at), presence: r.presence })),
        segments: segments.get(a.id) ?? [],
        from,
        to: now,
      }),
    };
  });
}
