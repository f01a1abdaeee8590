import { DomainError } from '@switchboard/core';
import { hashPassword, verifyPassword } from '../platform/secrets.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';
import { hit, peek, rateLimited } from '../security/rate-limit.ts';
import { revokeSessions } from '../security/revoke.ts';
import { updateAgent } from './agents.ts';

const GUESS_WINDOW = { limit: 10, windowMs: 15 * 60 * 1000 };

/**
 * An agent changes its own password: the current one must be right (wrong
 * guesses count like failed logins), and every other session of the agent
 * ends; the one that made the change stays signed in.
 */
export async function changeOwnPassword(deps: Deps, p: Principal, current: string, next: string) {
  if (p.kind !== 'session' || !p.agentId) throw new DomainError('FORBIDDEN', 'only a signed-in agent has a password to change');
  const window = { key: `password:${p.agentId}`, ...GUESS_WINDOW };
  const seen = await peek(deps.db, window, deps.clock.now());
  if (seen.count >= window.limit) throw rateLimited('too many wrong passwords; wait before trying again', seen.retryAfterSeconds);
  const row = await deps.db.selectFrom('agents').select('password_hash').where('id', '=', p.agentId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(current, row.password_hash))) {
    await hit(deps.db, window, deps.clock.now());
    throw new DomainError('WRONG_PASSWORD', 'the current password is wrong');
  }
  const hash = await hashPassword(next);
  await transact(deps, async (tx) => {
    await tx.db
      .updateTable('agents')
      .set({ password_hash: hash, updated_at: new Date(tx.now) })
      .where('id', '=', p.agentId!)
      .execute();
    await revokeSessions(tx, { workspaceId: p.workspaceId, agentId: p.agentId!, exceptTokenHash: p.tokenHash, reason: 'password_changed' });
    await recordAudit(tx, p, 'agent.password_changed', 'agent', p.agentId, null, null);
  });
}

/** Admin reset: the new password is set and every session of the agent ends (updateAgent does both). */
export const resetPassword = (deps: Deps, p: Principal, id: string, password: string) => updateAgent(deps, p, id, { password });

/** Deactivation: no login, offline at once (offers withdrawn), every session and socket ended. */
export const deactivateAgent = (deps: Deps, p: Principal, id: string) => updateAgent(deps, p, id, { active: false });
export const reactivateAgent = (deps: Deps, p: Principal, id: string) => updateAgent(deps, p, id, { active: true });
