import { DomainError, type AgentRole } from '@switchboard/core';

/** Who is calling: resolved from the bearer token once per request. */
export interface Principal {
  workspaceId: string;
  role: AgentRole;
  /** The agent behind a session token; null for the workspace admin token. */
  agentId: string | null;
}

export const canSupervise = (p: Principal) => p.role === 'supervisor' || p.role === 'admin';
export const isAdmin = (p: Principal) => p.role === 'admin';

export interface Actor {
  actorType: 'agent' | 'admin' | 'system' | 'customer' | 'bot';
  actorId: string | null;
}

export function actorOf(p: Principal): Actor {
  return p.agentId ? { actorType: 'agent', actorId: p.agentId } : { actorType: 'admin', actorId: null };
}

const RANK: Record<AgentRole, number> = { agent: 0, supervisor: 1, admin: 2 };

export function requireRole(p: Principal, role: AgentRole) {
  if (RANK[p.role] < RANK[role]) throw new DomainError('FORBIDDEN', `needs the ${role} role`);
}
