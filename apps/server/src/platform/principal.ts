import { DomainError, type AgentRole } from '@switchboard/core';

/** What the caller presented: the workspace's bootstrap admin token, an agent's session, an API key, or the server itself (seeds). */
export type PrincipalKind = 'admin_token' | 'session' | 'api_key' | 'system';

/** What an API key may do (SPEC §7): post as a customer, read, change. */
export type ApiScope = 'inbound' | 'read' | 'write';

/** Who is calling: resolved from the bearer token once per request. */
export interface Principal {
  workspaceId: string;
  role: AgentRole;
  /** The agent behind a session token; null for the workspace admin token and API keys. */
  agentId: string | null;
  kind: PrincipalKind;
  /** SHA-256 of the presented token: a revocation names it to close the sockets opened with it. */
  tokenHash?: string;
  /** API keys only. */
  apiKey?: { id: string; scopes: ApiScope[]; ratePerMinute: number };
}

export const canSupervise = (p: Principal) => p.role === 'supervisor' || p.role === 'admin';
export const isAdmin = (p: Principal) => p.role === 'admin';

export interface Actor {
  actorType: 'agent' | 'admin' | 'system' | 'customer' | 'bot';
  actorId: string | null;
}

export function actorOf(p: Principal): Actor {
  return p.agentId ? { actorType: 'agent', actorId: p.agentId } : { actorType: 'admin', actorId: p.apiKey?.id ?? null };
}

/** SPEC §7: writing as a customer takes the admin token or an API key with the `inbound` scope, never a person's session. */
export function requireInboundRight(p: Principal) {
  if (p.kind === 'admin_token' || p.kind === 'system') return;
  if (p.kind === 'api_key' && p.apiKey?.scopes.includes('inbound')) return;
  throw new DomainError('FORBIDDEN', 'posting as a customer needs the admin token or an API key with the inbound scope');
}

const RANK: Record<AgentRole, number> = { agent: 0, supervisor: 1, admin: 2 };

export function requireRole(p: Principal, role: AgentRole) {
  if (RANK[p.role] < RANK[role]) throw new DomainError('FORBIDDEN', `needs the ${role} role`);
}
