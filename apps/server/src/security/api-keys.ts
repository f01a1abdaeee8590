import { DomainError, notFound } from '@switchboard/core';
import { hashToken, newToken } from '../platform/secrets.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { ApiScope, Principal } from '../platform/principal.ts';
import { recordAudit } from './audit.ts';
import { hit, rateLimited } from './rate-limit.ts';
import { revocationEvent } from './revoke.ts';

export const DEFAULT_KEY_RATE_PER_MINUTE = 600;
const MINUTE_MS = 60_000;

type KeyRow = { id: string; name: string; prefix: string; scopes: string[]; rate_limit_per_minute: number; created_at: Date };

const keyView = (k: KeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as ApiScope[],
  ratePerMinute: k.rate_limit_per_minute,
  createdAt: k.created_at.toISOString(),
});

/** Managing keys and the admin token takes a person who is an admin, or the admin token: never an API key. */
export function requireAdminPerson(p: Principal) {
  if (p.role !== 'admin' || p.kind === 'api_key') throw new DomainError('FORBIDDEN', 'needs the admin token or an admin session');
}

export async function createApiKey(deps: Deps, p: Principal, input: { name: string; scopes: ApiScope[]; ratePerMinute?: number }) {
  const key = newToken('sbk');
  return transact(deps, async (tx) => {
    const row = await tx.db
      .insertInto('api_keys')
      .values({
        id: deps.ids.next('key'),
        workspace_id: p.workspaceId,
        name: input.name,
        key_hash: hashToken(key),
        prefix: key.slice(0, 10),
        scopes: JSON.stringify([...new Set(input.scopes)]),
        rate_limit_per_minute: input.ratePerMinute ?? DEFAULT_KEY_RATE_PER_MINUTE,
        created_by: p.agentId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = keyView(row);
    await recordAudit(tx, p, 'api_key.created', 'api_key', row.id, null, view);
    return { ...view, key };
  });
}

export async function listApiKeys(deps: Deps, p: Principal) {
  const rows = await deps.db
    .selectFrom('api_keys')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return { items: rows.map(keyView) };
}

export async function deleteApiKey(deps: Deps, p: Principal, id: string) {
  await transact(deps, async (tx) => {
    const row = await tx.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date(tx.now) })
      .where('id', '=', id)
      .where('workspace_id', '=', p.workspaceId)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('api key', id);
    await recordAudit(tx, p, 'api_key.deleted', 'api_key', id, keyView(row), null);
    tx.emit(revocationEvent({ workspaceId: p.workspaceId, tokenHashes: [row.key_hash], reason: 'api_key_deleted' }));
  });
}

/** Scope, then the key's own per-minute budget (counted in PostgreSQL, so across processes). */
export async function enforceApiKey(deps: Deps, p: Principal, scope: ApiScope) {
  const key = p.apiKey!;
  if (!key.scopes.includes(scope)) throw new DomainError('FORBIDDEN', `this API key lacks the ${scope} scope`);
  const used = await hit(deps.db, { key: `key:${key.id}`, limit: key.ratePerMinute, windowMs: MINUTE_MS }, deps.clock.now());
  if (used.count > key.ratePerMinute) throw rateLimited(`this API key allows ${key.ratePerMinute} requests a minute`, used.retryAfterSeconds);
}
