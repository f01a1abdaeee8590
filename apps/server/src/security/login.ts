import { DomainError } from '@switchboard/core';
import { DUMMY_PASSWORD_HASH, hashPassword, hashToken, needsRehash, newToken, verifyPassword } from '../platform/secrets.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import type { AgentRow } from '../db/schema.ts';
import { agentView } from '../conversations/serialize.ts';
import { setPresence } from '../agents/agents.ts';
import { hit, peek, rateLimited, reset, type Window } from './rate-limit.ts';
import { revokeSessions } from './revoke.ts';

const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const WINDOW_MS = 15 * 60 * 1000;
/** Wrong passwords allowed per email and per client address in 15 minutes (docs/security.md). */
export const LOGIN_LIMITS = { perEmail: 10, perAddress: 100, windowMs: WINDOW_MS };

const loginWindows = (email: string, ip: string): Window[] => [
  { key: `login:email:${email.toLowerCase()}`, limit: LOGIN_LIMITS.perEmail, windowMs: WINDOW_MS },
  { key: `login:ip:${ip}`, limit: LOGIN_LIMITS.perAddress, windowMs: WINDOW_MS },
];

/** Checked before any hashing: a locked-out caller costs one indexed read, not 128 MiB of scrypt. */
async function refuseIfLocked(deps: Deps, windows: Window[], now: number) {
  for (const w of windows) {
    const c = await peek(deps.db, w, now);
    if (c.count >= w.limit) throw rateLimited('too many failed logins; wait before trying again', c.retryAfterSeconds);
  }
}

/** Every candidate's hash is checked, and an unknown email checks a dummy: the answer takes as long either way. */
async function matchPassword(candidates: AgentRow[], password: string): Promise<AgentRow | null> {
  if (candidates.length === 0) {
    await verifyPassword(password, DUMMY_PASSWORD_HASH);
    return null;
  }
  for (const agent of candidates) if (await verifyPassword(password, agent.password_hash)) return agent;
  return null;
}

/**
 * Email + password → a session token. Emails are unique within a workspace;
 * when the same email exists in several, `workspaceId` picks one, else the
 * first whose password matches. Deactivated agents never match.
 */
export async function login(deps: Deps, input: { email: string; password: string; workspaceId?: string }, ip: string) {
  const windows = loginWindows(input.email, ip);
  await refuseIfLocked(deps, windows, deps.clock.now());
  let q = deps.db
    .selectFrom('agents')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', input.email.toLowerCase()))
    .where('active', '=', true);
  if (input.workspaceId) q = q.where('workspace_id', '=', input.workspaceId);
  const agent = await matchPassword(await q.orderBy('created_at').execute(), input.password);
  if (!agent) {
    for (const w of windows) await hit(deps.db, w, deps.clock.now());
    throw new DomainError('UNAUTHENTICATED', 'email or password is wrong');
  }
  await reset(deps.db, windows[0]!.key);
  if (needsRehash(agent.password_hash)) {
    const rehashed = await hashPassword(input.password);
    await deps.db.updateTable('agents').set({ password_hash: rehashed }).where('id', '=', agent.id).where('password_hash', '=', agent.password_hash).execute();
  }
  const token = newToken('sbs');
  await deps.db
    .insertInto('api_tokens')
    .values({
      token_hash: hashToken(token),
      workspace_id: agent.workspace_id,
      kind: 'session',
      agent_id: agent.id,
      expires_at: new Date(deps.clock.now() + SESSION_TTL_MS),
    })
    .execute();
  return { token, agent: agentView(agent), workspaceId: agent.workspace_id };
}

/**
 * Sign-out (SPEC §7, R14): the agent goes offline at once through the presence
 * use-case (routing withdraws its offers), then this session ends everywhere.
 */
export async function logout(deps: Deps, p: Principal) {
  if (p.kind !== 'session' || !p.tokenHash) return;
  if (p.agentId) {
    const row = await deps.db.selectFrom('agents').select('presence').where('id', '=', p.agentId).executeTakeFirst();
    if (row && row.presence !== 'offline') await setPresence(deps, p, p.agentId, 'offline');
  }
  deps.tokens.delete(p.tokenHash);
  await transact(deps, (tx) => revokeSessions(tx, { workspaceId: p.workspaceId, tokenHashes: [p.tokenHash!], reason: 'signed_out' }));
}
