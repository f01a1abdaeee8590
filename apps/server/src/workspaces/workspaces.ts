import { hashToken } from '../platform/secrets.ts';
import { RotatedAdminTokenError } from '../security/admin-token.ts';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { agentView } from '../conversations/serialize.ts';

/**
 * The workspace whose admin token is `token`, created the first time. The
 * token's hash is the key, so restarts with the same token find the same
 * workspace (idempotent) and a new token makes a new, empty workspace. A
 * token that was rotated away is refused: starting with it would otherwise
 * quietly make a second, empty workspace (docs/security.md, "Rotating the admin token").
 */
export async function ensureAdminWorkspace(deps: Deps, token: string, name = 'Workspace'): Promise<string> {
  const hash = hashToken(token);
  const existing = await deps.db.selectFrom('api_tokens').select(['workspace_id', 'revoked_at']).where('token_hash', '=', hash).executeTakeFirst();
  if (existing?.revoked_at) throw new RotatedAdminTokenError();
  if (existing) return existing.workspace_id;
  const id = deps.ids.next('ws');
  await deps.db.transaction().execute(async (db) => {
    await db.insertInto('workspaces').values({ id, name }).execute();
    await db.insertInto('api_tokens').values({ token_hash: hash, workspace_id: id, kind: 'admin', agent_id: null, expires_at: null }).execute();
  });
  return id;
}

export async function whoAmI(deps: Deps, p: Principal) {
  const ws = await deps.db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  const agent = p.agentId ? await deps.db.selectFrom('agents').selectAll().where('id', '=', p.agentId).executeTakeFirst() : undefined;
  return { workspace: ws, role: p.role, agent: agent ? agentView(agent) : null };
}
