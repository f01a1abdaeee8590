import { hit, rateLimited } from './rate-limit.ts';
import { resolveToken } from './tokens.ts';
import type { Deps } from '../platform/deps.ts';

const MINUTE_MS = 60_000;
/**
 * New web-chat visitor sessions (SPEC §7, issue #11 finding 3): a session is
 * free for anyone on the internet and each one's socket costs the workspace
 * work, so they are counted per client address and per channel, in
 * PostgreSQL (rate_counters) so every process counts against one number.
 * A widget creates a session once per browser (it keeps the token), so 20 a
 * minute from one address is a crowded office, not a person.
 */
export const VISITOR_SESSION_LIMITS = { perAddress: 20, perChannel: 600, windowMs: MINUTE_MS };

/**
 * Counts one session creation, or refuses it with 429 + Retry-After. The
 * address is counted first, so one client over its budget does not spend the
 * channel's. The bootstrap admin token of the channel's workspace is never
 * limited (SPEC §7: load and outside tests measure the server).
 */
export async function limitVisitorSession(deps: Deps, channel: { id: string; workspace_id: string }, ip: string, bearer: string | undefined) {
  if (bearer) {
    const p = await resolveToken(deps, bearer);
    if (p?.kind === 'admin_token' && p.workspaceId === channel.workspace_id) return;
  }
  const now = deps.clock.now();
  const windows = [
    { key: `webchat:ip:${ip}`, limit: VISITOR_SESSION_LIMITS.perAddress, windowMs: VISITOR_SESSION_LIMITS.windowMs },
    { key: `webchat:channel:${channel.id}`, limit: VISITOR_SESSION_LIMITS.perChannel, windowMs: VISITOR_SESSION_LIMITS.windowMs },
  ];
  for (const w of windows) {
    const c = await hit(deps.db, w, now);
    if (c.count > w.limit) throw rateLimited('too many new chat sessions; wait before starting another', c.retryAfterSeconds);
  }
}
