import { DomainError, notFound, type AgentPresence, type AgentRole, type AgentState } from '@switchboard/core';
import { hashPassword } from '../platform/secrets.ts';
import type { AgentRow } from '../db/schema.ts';
import { transact, transactRouting, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import { agentView } from '../conversations/serialize.ts';
import { recordAudit } from '../security/audit.ts';
import { revokeSessions } from '../security/revoke.ts';
import { heldAgent } from '../agent-tools/wrap-up.ts';

export interface AgentInput {
  name: string;
  email: string;
  password?: string;
  role?: AgentRole;
  capacity?: number;
  skills?: Array<string | { name: string; level?: number }>;
  /** false deactivates: no login, offline, every session ended. */
  active?: boolean;
}

/** Skills arrive as names or {name, level}; stored as name → level (default level 3). */
export function normalizeSkills(skills: AgentInput['skills'] = []): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of skills) {
    const { name, level } = typeof s === 'string' ? { name: s, level: 3 } : { name: s.name, level: s.level ?? 3 };
    out[name.trim().toLowerCase()] = level;
  }
  return out;
}

export const engineAgent = (a: AgentRow): AgentState => ({
  id: a.id,
  presence: a.presence as AgentPresence,
  capacity: a.capacity,
  skills: a.skills,
  lastAssignedAt: a.last_assigned_at,
});

async function emailTaken(tx: Tx, workspaceId: string, email: string, exceptId?: string) {
  const row = await tx.db
    .selectFrom('agents')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
  return row !== undefined && row.id !== exceptId;
}

export async function createAgent(deps: Deps, p: Principal, input: AgentInput) {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return transactRouting(deps, p.workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    if (await emailTaken(tx, p.workspaceId, input.email)) throw new DomainError('EMAIL_TAKEN', `an agent with email ${input.email} exists`);
    const row = await tx.db
      .insertInto('agents')
      .values({
        id: deps.ids.next('agt'),
        workspace_id: p.workspaceId,
        name: input.name,
        email: input.email,
        password_hash: passwordHash,
        role: input.role ?? 'agent',
        capacity: input.capacity ?? 5,
        skills: JSON.stringify(normalizeSkills(input.skills)),
        last_assigned_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await routing.apply({ type: 'agent_upserted', agent: engineAgent(row) });
    await recordAudit(tx, p, 'agent.created', 'agent', row.id, null, agentView(row));
    return agentView(row);
  });
}

/**
 * SPEC §7: a new password, a role change or deactivation ends the agent's
 * sessions at once (a demoted supervisor's socket stops streaming the
 * workspace); deactivation also takes the agent offline through routing.
 */
async function endSessionsIfNeeded(tx: Tx, routing: RoutingSession, p: Principal, before: AgentRow, after: AgentRow, passwordChanged: boolean) {
  const deactivated = before.active && !after.active;
  if (!passwordChanged && before.role === after.role && !deactivated) return after;
  await revokeSessions(tx, { workspaceId: p.workspaceId, agentId: after.id, reason: deactivated ? 'deactivated' : passwordChanged ? 'password_changed' : 'role_changed' });
  if (!deactivated) return after;
  return withdrawFromRouting(tx, routing, p, after);
}

/**
 * A deactivated agent keeps nothing, whatever the offline policy: its pending
 * offers are withdrawn and its conversations go back to routing (to another
 * agent: it can never be ready again), each recorded with the reason
 * `agent_deactivated`, in the deactivation's own transaction. It stays in the
 * engine as an offline agent, as a rebuild from the tables would have it.
 */
async function withdrawFromRouting(tx: Tx, routing: RoutingSession, p: Principal, row: AgentRow) {
  const cause = { actorType: p.agentId ? 'agent' : 'admin', actorId: p.agentId };
  await routing.apply({ type: 'agent_removed', agentId: row.id, reason: 'agent_deactivated' }, cause);
  const after = row.presence === 'offline' ? row : await applyPresence(tx, routing, p, row, 'offline');
  await routing.apply({ type: 'agent_upserted', agent: engineAgent(after) }, cause);
  return after;
}

export async function updateAgent(deps: Deps, p: Principal, id: string, input: Partial<AgentInput>) {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return transactRouting(deps, p.workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const before = await getAgentRow(tx, p.workspaceId, id, true);
    if (input.email && (await emailTaken(tx, p.workspaceId, input.email, id))) {
      throw new DomainError('EMAIL_TAKEN', `an agent with email ${input.email} exists`);
    }
    const row = await tx.db
      .updateTable('agents')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.email !== undefined && { email: input.email }),
        ...(passwordHash !== undefined && { password_hash: passwordHash }),
        ...(input.role !== undefined && { role: input.role }),
        ...(input.capacity !== undefined && { capacity: input.capacity }),
        ...(input.skills !== undefined && { skills: JSON.stringify(normalizeSkills(input.skills)) }),
        ...(input.active !== undefined && { active: input.active }),
        updated_at: new Date(tx.now),
      })
      .where('id', '=', id)
      .where('workspace_id', '=', p.workspaceId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await routing.apply({ type: 'agent_upserted', agent: await heldAgent(tx, engineAgent(row)) });
    const after = await endSessionsIfNeeded(tx, routing, p, before, row, passwordHash !== undefined);
    await recordAudit(tx, p, passwordHash !== undefined ? 'agent.password_reset' : 'agent.updated', 'agent', id, agentView(before), agentView(after));
    return agentView(after);
  });
}

export async function getAgentRow(tx: Tx, workspaceId: string, id: string, forUpdate = false) {
  let q = tx.db.selectFrom('agents').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('agent', id);
  return row;
}

/** The agent an action is done as (SPEC §7, finding 14): an active agent of this workspace, never a made-up or another tenant's id. */
export async function getActingAgentRow(tx: Tx, workspaceId: string, id: string) {
  const row = await getAgentRow(tx, workspaceId, id);
  if (!row.active) throw new DomainError('AGENT_INACTIVE', `agent ${id} is deactivated`);
  return row;
}

export async function listAgents(deps: Deps, p: Principal) {
  const rows = await deps.db.selectFrom('agents').selectAll().where('workspace_id', '=', p.workspaceId).orderBy('name').orderBy('id').execute();
  return rows.map(agentView);
}

export async function getAgent(deps: Deps, p: Principal, id: string) {
  return transact(deps, async (tx) => agentView(await getAgentRow(tx, p.workspaceId, id)));
}

export async function setPresence(deps: Deps, p: Principal, id: string, presence: AgentPresence, reason?: string) {
  if (p.role === 'agent' && p.agentId !== id) throw new DomainError('FORBIDDEN', 'agents may only change their own presence');
  return transactRouting(deps, p.workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const before = await getAgentRow(tx, p.workspaceId, id, true);
    if (!before.active && presence !== 'offline') throw new DomainError('AGENT_INACTIVE', `agent ${id} is deactivated`);
    return agentView(await applyPresence(tx, routing, p, before, presence, reason));
  });
}

/** One presence change inside a routing unit of work: the row, its history, the stream, then routing (offers withdrawn on offline). */
async function applyPresence(tx: Tx, routing: RoutingSession, p: Principal, before: AgentRow, presence: AgentPresence, reason?: string) {
  const id = before.id;
  const row = await tx.db
    .updateTable('agents')
    .set({
      presence,
      presence_reason: presence === 'away' ? (reason ?? null) : null,
      // Becoming ready starts the "idle longest" clock, as the engine does (R4 tie-break).
      ...(presence === 'ready' && before.presence !== 'ready' && { last_assigned_at: tx.now }),
      updated_at: new Date(tx.now),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx.db
    .insertInto('presence_events')
    .values({ workspace_id: p.workspaceId, agent_id: id, at: tx.now, presence, reason: row.presence_reason, actor_id: p.agentId })
    .execute();
  tx.emit({ type: 'agent.presence_changed', workspaceId: p.workspaceId, data: { id, presence, reason: row.presence_reason } });
  if (before.presence !== presence) {
    await routing.apply({ type: 'presence_changed', agentId: id, presence }, { actorType: p.agentId ? 'agent' : 'admin', actorId: p.agentId });
  }
  return row;
}
