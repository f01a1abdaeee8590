import type { Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { isSecretKey } from '../platform/secret-box.ts';

/** Who did it, as the audit log names them. */
function auditActor(p: Principal): { actor_type: string; actor_id: string | null } {
  if (p.kind === 'api_key') return { actor_type: 'api_key', actor_id: p.apiKey?.id ?? null };
  if (p.agentId) return { actor_type: 'agent', actor_id: p.agentId };
  return { actor_type: p.kind === 'system' ? 'system' : 'admin', actor_id: null };
}

/** A view with every secret-looking key masked (a contact attribute named "token", a script step's password header). */
const redacted = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(redacted);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? '[redacted]' : redacted(v)]));
};

/**
 * One row per admin change, written in the change's own transaction (a change
 * that rolls back leaves no audit row; one that commits cannot lack it).
 * `before`/`after` are API views: never a password hash or a channel secret,
 * and any key that looks like a secret is masked.
 */
export async function recordAudit(tx: { db: Kysely<DB>; now: number }, p: Principal, action: string, targetType: string, targetId: string | null, before: unknown, after: unknown) {
  await tx.db
    .insertInto('audit_log')
    .values({
      workspace_id: p.workspaceId,
      at: tx.now,
      ...auditActor(p),
      action,
      target_type: targetType,
      target_id: targetId,
      before: before === null || before === undefined ? null : JSON.stringify(redacted(before)),
      after: after === null || after === undefined ? null : JSON.stringify(redacted(after)),
    })
    .execute();
}

export async function listAuditLog(deps: Deps, p: Principal, q: { limit: number; before?: number }) {
  let query = deps.db.selectFrom('audit_log').selectAll().where('workspace_id', '=', p.workspaceId);
  if (q.before) query = query.where('id', '<', String(q.before));
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      at: new Date(Number(r.at)).toISOString(),
      actor: { type: r.actor_type, id: r.actor_id },
      action: r.action,
      target: { type: r.target_type, id: r.target_id },
      before: r.before,
      after: r.after,
    })),
    nextBefore: rows.length === q.limit ? Number(rows.at(-1)!.id) : null,
  };
}
