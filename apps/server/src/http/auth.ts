import { DomainError } from '@switchboard/core';
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../platform/deps.ts';
import type { ApiScope, Principal } from '../platform/principal.ts';
import { resolveToken } from '../security/tokens.ts';
import { bearerToken } from '../platform/bearer.ts';
import { enforceApiKey } from '../security/api-keys.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The API-key scope a route needs; default `read` for GET, `write` otherwise. */
    scope?: ApiScope;
  }
}

export async function authenticate(deps: Deps, request: FastifyRequest) {
  const token = bearerToken(request);
  if (!token) throw new DomainError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
  const principal = await resolveToken(deps, token);
  if (!principal) throw new DomainError('UNAUTHENTICATED', 'token is unknown or expired');
  request.principal = principal;
  if (principal.kind === 'api_key') {
    const scope = request.routeOptions.config?.scope ?? (request.method === 'GET' || request.method === 'HEAD' ? 'read' : 'write');
    await enforceApiKey(deps, principal, scope);
  }
}
