import { conversationFacts, type ConversationFacts, type ConversationHistory, type ReportOptions } from '@switchboard/core';
import { sql } from 'kysely';
import type { Deps } from '../platform/deps.ts';

export interface ReportScope {
  workspaceId: string;
  from: number;
  to: number;
  channelId?: string;
  skill?: string;
}

/**
 * The facts of every conversation first handed to a person in [from, to):
 * its history rows and agent messages, read straight from the append-only
 * tables (docs/metrics.md). A scan per request; rollups are issue #16's
 * later step and must agree with this reading.
 */
export async function loadReportFacts(deps: Deps, scope: ReportScope): Promise<ConversationFacts[]> {
  const cohort = cohortSql(scope);
  const events = await sql<{ conversation_id: string; at: string; type: string; from_status: string | null; to_status: string | null; cause: string; agent_id: string | null }>`
    SELECT e.conversation_id, e.at, e.type, e.from_status, e.to_status, e.cause, e.data->>'agentId' AS agent_id
    FROM conversation_events e WHERE e.conversation_id IN (${cohort}) ORDER BY e.conversation_id, e.id`.execute(deps.db);
  const messages = await sql<{ conversation_id: string; at: string; agent_id: string | null }>`
    SELECT m.conversation_id, m.created_at AS at, m.agent_id FROM messages m
    WHERE m.sender = 'agent' AND NOT m.private AND m.conversation_id IN (${cohort}) ORDER BY m.conversation_id, m.seq`.execute(deps.db);
  const histories = new Map<string, ConversationHistory>();
  const of = (id: string) => histories.get(id) ?? histories.set(id, { id, events: [], agentMessages: [] }).get(id)!;
  for (const e of events.rows) {
    of(e.conversation_id).events.push({ at: Number(e.at), type: e.type, fromStatus: e.from_status, toStatus: e.to_status, cause: e.cause, agentId: e.agent_id });
  }
  for (const m of messages.rows) of(m.conversation_id).agentMessages.push({ at: Number(m.at), agentId: m.agent_id });
  return [...histories.values()].map(conversationFacts);
}

/** The ids of the period's conversations: first handed to a person in [from, to) (docs/metrics.md). */
export function cohortSql(scope: ReportScope) {
  const channel = scope.channelId === undefined ? sql`` : sql`AND c.channel_id = ${scope.channelId}`;
  const skill = scope.skill === undefined ? sql`` : sql`AND c.skills ? ${scope.skill}`;
  return sql`
    SELECT c.id FROM conversations c
    WHERE c.workspace_id = ${scope.workspaceId} ${channel} ${skill}
      AND (SELECT min(h.at) FROM conversation_events h
           WHERE h.conversation_id = c.id AND h.type = 'status_changed' AND h.to_status = 'waiting' AND h.cause <> 'transfer')
          >= ${scope.from}::int8
      AND (SELECT min(h.at) FROM conversation_events h
           WHERE h.conversation_id = c.id AND h.type = 'status_changed' AND h.to_status = 'waiting' AND h.cause <> 'transfer')
          < ${scope.to}::int8`;
}

/** serviceLevelSeconds (SPEC §5, default 20) and shortAbandonSeconds (default 0) from the workspace's routing settings. */
export async function reportOptions(deps: Deps, workspaceId: string): Promise<ReportOptions> {
  const ws = await deps.db.selectFrom('workspaces').select('routing_settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const stored = ws.routing_settings;
  const num = (key: string, fallback: number) => (typeof stored[key] === 'number' && (stored[key] as number) >= 0 ? (stored[key] as number) : fallback);
  return { serviceLevelSeconds: num('serviceLevelSeconds', 20), shortAbandonSeconds: num('shortAbandonSeconds', 0) };
}
