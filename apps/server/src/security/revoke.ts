import { transact, type Deps } from '../platform/deps.ts';
import type { StreamEvent } from '../platform/stream-event.ts';
import type { Principal } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';

/**
 * Bus event (never sent to clients) that ends sessions: every process drops
 * the tokens from its cache and closes the sockets opened with them. With the
 * cross-process bus this reaches every process; in one process it is synchronous.
 */
export const SESSION_REVOKED = 'session.revoked';

export interface Revocation {
  workspaceId: string;
  /** Every session of this agent… */
  agentId?: string;
  /** …except this one (a password change keeps the session that made it). */
  exceptTokenHash?: string;
  /** These tokens, whoever holds them (sign-out, a rotated admin token, a deleted API key). */
  tokenHashes?: string[];
  reason: string;
}

export function revocationEvent(r: Revocation): StreamEvent {
  return { type: SESSION_REVOKED, workspaceId: r.workspaceId, data: { ...r } };
}

/** Is this principal's session ended by the revocation? */
export function isRevoked(p: Principal, r: Revocation): boolean {
  if (p.workspaceId !== r.workspaceId) return false;
  if (p.tokenHash && r.tokenHashes?.includes(p.tokenHash)) return true;
  return r.agentId !== undefined && p.agentId === r.agentId && p.tokenHash !== r.exceptTokenHash;
}

/**
 * Ends an agent's sessions inside a unit of work: the rows go with the
 * transaction; caches and sockets follow once it commits.
 */
export async function revokeSessions(tx: Tx, r: Revocation): Promise<void> {
  let q = tx.db.deleteFrom('api_tokens').where('workspace_id', '=', r.workspaceId).where('kind', '=', 'session');
  if (r.agentId) {
    q = q.where('agent_id', '=', r.agentId);
    if (r.exceptTokenHash) q = q.where('token_hash', '<>', r.exceptTokenHash);
  } else if (r.tokenHashes?.length) q = q.where('token_hash', 'in', r.tokenHashes);
  else return;
  await q.execute();
  tx.emit(revocationEvent(r));
}

/** The same outside a unit of work: ends every session of one agent (for callers such as an SSO hook or an operator command). */
export const revokeAgentSessions = (deps: Deps, workspaceId: string, agentId: string, reason: string) =>
  transact(deps, (tx) => revokeSessions(tx, { workspaceId, agentId, reason }));

/** Drops revoked tokens from this process's cache; every process runs this on the bus. */
export function watchRevocations(deps: Deps): () => void {
  return deps.bus.subscribe((event) => {
    if (event.type !== SESSION_REVOKED) return;
    const r = event.data as unknown as Revocation;
    for (const hash of r.tokenHashes ?? []) deps.tokens.delete(hash);
    deps.tokens.deleteWhere((p) => isRevoked(p, r));
  });
}
