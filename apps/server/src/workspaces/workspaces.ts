import { DomainError, type AgentRole } from '@switchboard/core';
import { hashToken, newToken, verifyPassword } from '../platform/secrets.ts';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { agentView } from '../conversations/serialize.ts';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * The workspace whose admin token is `token`, created the first time. The
 * token's hash is the key, so restarts with the same token find the same
 * workspace (idempotent) and a new token makes a new, empty workspace.
 */
export async function ensureAdminWorkspace(deps: Deps, token: string, name = 'Workspace'): Promise<string> {
  const hash = hashToken(token);
  const existing = await deps.db.selectFrom('api_tokens').select('workspace_id').where('token_hash', '=', hash).executeTakeFirst();
  if (existing) return existing.workspace_id;
  const id = deps.ids.next('ws');
  await deps.db.transaction().execute(async (db) => {
    await db.insertInto('workspaces').values({ id, name }).execute();
    await db.insertInto('api_tokens').values({ token_hash: hash, workspace_id: id, kind: 'admin', agent_id: null, expires_at: null }).execute();
  });
  return id;
}

export async function resolveToken(deps: Deps, token: string): Promise<Principal | null> {
  const hash = hashToken(token);
  const now = deps.clock.now();
  const cached = deps.tokens.get(hash, now);
  if (cached !== undefined) return cached;
  const row = await deps.db
    .selectFrom('api_tokens')
    .leftJoin('agents', 'agents.id', 'api_tokens.agent_id')
    .select(['api_tokens.workspace_id', 'api_tokens.kind', 'api_tokens.agent_id', 'api_tokens.expires_at', 'agents.role'])
    .where('api_tokens.token_hash', '=', hash)
    .executeTakeFirst();
  const expiresAt = row?.expires_at?.getTime();
  const principal: Principal | null =
    !row || (expiresAt !== undefined && expiresAt < now)
      ? null
      : row.kind === 'admin'
        ? { workspaceId: row.workspace_id, role: 'admin', agentId: null }
        : { workspaceId: row.workspace_id, role: (row.role ?? 'agent') as AgentRole, agentId: row.agent_id };
  // Unknown tokens are not remembered: a token created by another process must work at once.
  if (principal) deps.tokens.set(hash, principal, now, expiresAt);
  return principal;
}

/**
 * Email + password → a session token. Emails are unique within a workspace;
 * when the same email exists in several, `workspaceId` picks one, else the
 * first whose password matches.
 */
export async function login(deps: Deps, email: string, password: string, workspaceId?: string) {
  let q = deps.db.selectFrom('agents').selectAll().where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
  if (workspaceId) q = q.where('workspace_id', '=', workspaceId);
  const candidates = await q.orderBy('created_at').execute();
  for (const agent of candidates) {
    if (!(await verifyPassword(password, agent.password_hash))) continue;
    const token = newToken('sbs');
    await deps.db
      .insertInto('api_tokens')
      .values({ token_hash: hashToken(token), workspace_id: agent.workspace_id, kind: 'session', agent_id: agent.id, expires_at: new Date(deps.clock.now() + SESSION_TTL_MS) })
      .execute();
    return { token, agent: agentView(agent), workspaceId: agent.workspace_id };
  }
  throw new DomainError('UNAUTHENTICATED', 'email or password is wrong');
}

export async function logout(deps: Deps, token: string) {
  deps.tokens.delete(hashToken(token));
  await deps.db.deleteFrom('api_tokens').where('token_hash', '=', hashToken(token)).where('kind', '=', 'session').execute();
}

export async function whoAmI(deps: Deps, p: Principal) {
  const ws = await deps.db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  const agent = p.agentId ? await deps.db.selectFrom('agents').selectAll().where('id', '=', p.agentId).executeTakeFirst() : undefined;
  return { workspace: ws, role: p.role, agent: agent ? agentView(agent) : null };
}
