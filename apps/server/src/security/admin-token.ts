import { DomainError } from '@switchboard/core';
import { hashToken, newToken } from '../platform/secrets.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from './audit.ts';
import { revocationEvent } from './revoke.ts';

/** Thrown at start when SWITCHBOARD_ADMIN_TOKEN names a token that was rotated away. */
export class RotatedAdminTokenError extends DomainError {
  constructor() {
    super('UNAUTHENTICATED', 'SWITCHBOARD_ADMIN_TOKEN was rotated (POST /workspace/admin-token/rotate): set it to the new token');
  }
}

/**
 * A new admin token for the workspace, shown once; the old ones stop working
 * at once on every process (cache entries and sockets go with the bus event).
 * The old rows stay, marked revoked, so a restart with the old
 * SWITCHBOARD_ADMIN_TOKEN is refused instead of creating a new empty workspace.
 */
export async function rotateAdminToken(deps: Deps, p: Principal) {
  const token = newToken('sba');
  return transact(deps, async (tx) => {
    const old = await tx.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date(tx.now) })
      .where('workspace_id', '=', p.workspaceId)
      .where('kind', '=', 'admin')
      .where('revoked_at', 'is', null)
      .returning('token_hash')
      .execute();
    await tx.db
      .insertInto('api_tokens')
      .values({ token_hash: hashToken(token), workspace_id: p.workspaceId, kind: 'admin', agent_id: null, expires_at: null })
      .execute();
    await recordAudit(tx, p, 'admin_token.rotated', 'workspace', p.workspaceId, { tokens: old.length }, { tokens: 1 });
    const hashes = old.map((r) => r.token_hash);
    tx.onCommit(() => hashes.forEach((h) => deps.tokens.delete(h)));
    tx.emit(revocationEvent({ workspaceId: p.workspaceId, tokenHashes: hashes, reason: 'admin_token_rotated' }));
    return { token };
  });
}
