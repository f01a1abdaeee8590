import { hashToken, newToken } from '../platform/secrets.ts';
import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { resolveToken, resolveTokenHash } from './tokens.ts';

export const TICKET_TTL_MS = 30_000;
const TICKET_PREFIX = 'sbt_';

/**
 * A one-time ticket for `/stream?token=`: the URL (and every log or proxy that
 * records it) holds a value that is useless after one use or 30 s, never the
 * session token itself. Stored in the database, so any process redeems it.
 */
export async function issueStreamTicket(deps: Deps, p: Principal) {
  const ticket = newToken('sbt');
  const now = deps.clock.now();
  await deps.db.deleteFrom('stream_tickets').where('expires_at', '<', now).execute();
  await deps.db
    .insertInto('stream_tickets')
    .values({ ticket_hash: hashToken(ticket), token_hash: p.tokenHash!, expires_at: now + TICKET_TTL_MS })
    .execute();
  return { ticket, expiresAt: new Date(now + TICKET_TTL_MS).toISOString() };
}

/** A ticket is spent by the DELETE that finds it: two sockets racing for it cannot both win. */
async function redeemTicket(deps: Deps, ticket: string): Promise<Principal | null> {
  const row = await deps.db
    .deleteFrom('stream_tickets')
    .where('ticket_hash', '=', hashToken(ticket))
    .where('expires_at', '>=', deps.clock.now())
    .returning('token_hash')
    .executeTakeFirst();
  return row ? resolveTokenHash(deps, row.token_hash) : null;
}

/** The stream accepts a ticket or (for scripts and older consoles) a token. */
export const resolveStreamCredential = (deps: Deps, value: string) => (value.startsWith(TICKET_PREFIX) ? redeemTicket(deps, value) : resolveToken(deps, value));
