import type { AgentRole } from '@switchboard/core';
import { hashToken } from '../platform/secrets.ts';
import type { Deps } from '../platform/deps.ts';
import type { ApiScope, Principal } from '../platform/principal.ts';

/** Bearer token → principal: an admin token or session (api_tokens), else an API key. */
export async function resolveToken(deps: Deps, token: string): Promise<Principal | null> {
  return resolveTokenHash(deps, hashToken(token));
}

export async function resolveTokenHash(deps: Deps, hash: string): Promise<Principal | null> {
  const now = deps.clock.now();
  const cached = deps.tokens.get(hash, now);
  if (cached !== undefined) return cached;
  const found = (await fromApiTokens(deps, hash, now)) ?? (await fromApiKeys(deps, hash));
  // Unknown tokens are not remembered: a token created by another process must work at once.
  // Revocation deletes the entry here and, through the bus, in every other process (security/revoke.ts).
  if (found) deps.tokens.set(hash, found.principal, now, found.expiresAt);
  return found?.principal ?? null;
}

/**
 * The database's answer, past the cache. The stream asks again once its
 * socket listens for revocations: one that landed between the first lookup
 * and the subscription would otherwise leave the socket open.
 */
export async function stillValid(deps: Deps, hash: string): Promise<boolean> {
  return ((await fromApiTokens(deps, hash, deps.clock.now())) ?? (await fromApiKeys(deps, hash))) !== null;
}

async function fromApiTokens(deps: Deps, hash: string, now: number) {
  const row = await deps.db
    .selectFrom('api_tokens')
    .leftJoin('agents', 'agents.id', 'api_tokens.agent_id')
    .select(['api_tokens.workspace_id', 'api_tokens.kind', 'api_tokens.agent_id', 'api_tokens.expires_at', 'agents.role', 'agents.active'])
    .where('api_tokens.token_hash', '=', hash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  const expiresAt = row.expires_at?.getTime();
  if (expiresAt !== undefined && expiresAt < now) return null;
  if (row.kind === 'admin')
    return { principal: { workspaceId: row.workspace_id, role: 'admin', agentId: null, kind: 'admin_token', tokenHash: hash } as Principal, expiresAt };
  if (!row.agent_id || row.active !== true) return null;
  const principal: Principal = {
    workspaceId: row.workspace_id,
    role: (row.role ?? 'agent') as AgentRole,
    agentId: row.agent_id,
    kind: 'session',
    tokenHash: hash,
  };
  return { principal, expiresAt };
}

async function fromApiKeys(deps: Deps, hash: string) {
  const key = await deps.db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'scopes', 'rate_limit_per_minute'])
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!key) return null;
  // An API key is the workspace acting, not a person: the admin role, narrowed by its scopes (http/auth.ts).
  const principal: Principal = {
    workspaceId: key.workspace_id,
    role: 'admin',
    agentId: null,
    kind: 'api_key',
    tokenHash: hash,
    apiKey: { id: key.id, scopes: key.scopes as ApiScope[], ratePerMinute: key.rate_limit_per_minute },
  };
  return { principal, expiresAt: undefined };
}
