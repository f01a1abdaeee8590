import { DomainError } from '@switchboard/core';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { resolveToken } from '../workspaces/workspaces.ts';
import { bearerToken } from '../platform/bearer.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export async function authenticate(deps: Deps, request: FastifyRequest) {
  const token = bearerToken(request);
  if (!token) throw new DomainError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  const principal = await resolveToken(deps, token);
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'token is unknown or expired');
  request.principal = principal;
}
