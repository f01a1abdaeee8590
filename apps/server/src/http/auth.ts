import { DomainError, type AgentRole } from '@switchboard/core';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import type { Principal } from '../use-cases/principal.ts';
import { resolveToken } from '../use-cases/workspaces.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

export async function authenticate(deps: Deps, request: FastifyRequest) {
  const token = bearerToken(request);
  if (!token) throw new DomainError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  const principal = await resolveToken(deps, token);
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'token is unknown or expired');
  request.principal = principal;
}

const RANK: Record<AgentRole, number> = { agent: 0, supervisor: 1, admin: 2 };

export function requireRole(p: Principal, role: AgentRole) {
  if (RANK[p.role] < RANK[role]) throw new DomainError('FORBIDDEN', `needs the ${role} role`);
}
