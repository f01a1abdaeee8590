import { DEFAULT_ROUTING_SETTINGS, type AgentPresence, type RelaxationPolicy, type RoutedStatus, type RoutingSettings, type RoutingSnapshot } from '@switchboard/core';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { wrapUpsByAgent } from '../agent-tools/wrap-up.ts';

export function routingSettingsFrom(stored: Record<string, unknown>): RoutingSettings {
  return { ...DEFAULT_ROUTING_SETTINGS, ...(stored as Partial<RoutingSettings>) };
}

/** Reads what the engine needs from the tables: agents and every routed conversation. */
export async function loadRoutingSnapshot(db: Transaction<DB>, workspaceId: string, settings: RoutingSettings): Promise<RoutingSnapshot> {
  const agents = await db
    .selectFrom('agents')
    .select(['id', 'presence', 'capacity', 'skills', 'last_assigned_at'])
    .where('workspace_id', '=', workspaceId)
    .execute();
  const conversations = await db
    .selectFrom('conversations')
    .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select([
      'conversations.id',
      'conversations.status',
      'conversations.skills',
      'conversations.queue_key',
      'conversations.assignee_id',
      'conversations.offer_agent_id',
      'conversations.offer_expires_at',
      'conversations.declined_by',
      'conversations.relaxation',
      'conversations.relax_at',
      'contacts.last_agent_id',
    ])
    .where('conversations.workspace_id', '=', workspaceId)
    .where('conversations.status', 'in', ['waiting', 'dispatching', 'processing'])
    // Handed off but the engine not yet told (pending-handoffs.ts): it joins through its own handoff event.
    .where('conversations.route_pending_at', 'is', null)
    .execute();
  // Wrap-up (agent tools): a seat held after close is capacity the engine cannot give.
  const held = await wrapUpsByAgent(db, workspaceId);
  return {
    settings,
    agents: agents.map((a) => ({
      id: a.id,
      presence: a.presence as AgentPresence,
      capacity: Math.max(0, a.capacity - (held.get(a.id) ?? 0)),
      skills: a.skills,
      lastAssignedAt: a.last_assigned_at,
    })),
    conversations: conversations.map((c) => ({
      id: c.id,
      status: c.status as RoutedStatus,
      skills: c.skills,
      queueKey: c.queue_key ?? 0,
      agentId: c.status === 'processing' ? c.assignee_id : null,
      offer: c.offer_agent_id && c.offer_expires_at !== null ? { agentId: c.offer_agent_id, expiresAt: c.offer_expires_at } : null,
      declinedBy: c.declined_by,
      lastAgentId: c.last_agent_id ?? null,
      // R10: the pending policy and its deadline survive a restart.
      relaxation: (c.relaxation as RelaxationPolicy | null | undefined) ?? null,
      relaxAt: c.relax_at ?? null,
    })),
  };
}
