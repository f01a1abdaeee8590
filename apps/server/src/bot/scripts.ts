import { DomainError, notFound, validateScript, type ScriptDefinition, type ScriptValidationError } from '@switchboard/core';
import { sql } from 'kysely';
import type { ScriptRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';

const SCRIPT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

function summaryView(r: Omit<ScriptRow, 'draft'>) {
  return {
    id: r.id,
    name: r.name,
    publishedVersion: r.published_version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export const scriptView = (r: ScriptRow) => ({ ...summaryView(r), draft: r.draft });

/**
 * The draft is a full definition whose version is the one publishing will
 * freeze (latest + 1). Any invalid draft is refused with the core's list of
 * errors, each naming its step.
 */
function validDraft(deps: Deps, body: Record<string, unknown>, id: string, version: number): ScriptDefinition {
  const def = { ...body, id, version };
  const errors = validateScript(def, deps.patterns);
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', `invalid script: ${describe(errors)}`, errors);
  return def as unknown as ScriptDefinition;
}

const describe = (errors: ScriptValidationError[]) => errors.map((e) => `${e.step ? `step ${e.step}: ` : ''}${e.message}`).join('; ');

export async function createScript(deps: Deps, p: Principal, body: Record<string, unknown>) {
  const id = body.id === undefined ? deps.ids.next('scr') : String(body.id);
  if (!SCRIPT_ID.test(id)) throw new DomainError('VALIDATION_FAILED', 'script id must be 1–64 letters, digits, "-" or "_"');
  const draft = validDraft(deps, body, id, 1);
  return transact(deps, async (tx) => {
    const row = await tx.db
      .insertInto('scripts')
      .values({ workspace_id: p.workspaceId, id, name: draft.name ?? null, draft: JSON.stringify(draft), published_version: null, created_at: tx.now, updated_at: tx.now, deleted_at: null })
      .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new DomainError('CONFLICT', `script ${id} already exists`);
    await recordAudit(tx, p, 'script.created', 'script', id, null, await getScript(tx, p, id));
    return scriptView(row);
  });
}

export async function replaceDraft(deps: Deps, p: Principal, id: string, body: Record<string, unknown>) {
  return transact(deps, async (tx) => {
    const current = await scriptRow(tx, p.workspaceId, id, true);
    const before = await getScript(tx, p, id);
    const draft = validDraft(deps, body, id, (current.published_version ?? 0) + 1);
    const row = await tx.db
      .updateTable('scripts')
      .set({ draft: JSON.stringify(draft), name: draft.name ?? null, updated_at: tx.now })
      .where('workspace_id', '=', p.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, p, 'script.updated', 'script', id, before, await getScript(tx, p, id));
    return scriptView(row);
  });
}

/** Freezes the draft as the next version: new conversations start it, running ones keep theirs. */
export async function publishScript(deps: Deps, p: Principal, id: string) {
  return transact(deps, async (tx) => {
    const current = await scriptRow(tx, p.workspaceId, id, true);
    const before = await getScript(tx, p, id);
    const version = (current.published_version ?? 0) + 1;
    const definition = { ...current.draft, id, version };
    await tx.db.insertInto('script_versions').values({ workspace_id: p.workspaceId, script_id: id, version, definition: JSON.stringify(definition), published_at: tx.now }).execute();
    const row = await tx.db
      .updateTable('scripts')
      .set({ published_version: version, draft: JSON.stringify({ ...definition, version: version + 1 }), updated_at: tx.now })
      .where('workspace_id', '=', p.workspaceId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, p, 'script.published', 'script', id, before, await getScript(tx, p, id));
    return scriptView(row);
  });
}

export async function listScripts(deps: Deps, p: Principal) {
  const rows = await deps.db.selectFrom('scripts').selectAll().where('workspace_id', '=', p.workspaceId).where('deleted_at', 'is', null).orderBy('id').execute();
  return { items: rows.map(({ draft: _draft, ...summary }) => summaryView(summary)) };
}

export async function getScript(deps: Deps | Tx, p: Principal, id: string) {
  const row = await scriptRow(deps, p.workspaceId, id, false);
  const versions = await deps.db
    .selectFrom('script_versions')
    .select(['version', 'published_at'])
    .where('workspace_id', '=', p.workspaceId)
    .where('script_id', '=', id)
    .orderBy('version')
    .execute();
  return { ...scriptView(row), versions: versions.map((v) => ({ version: v.version, publishedAt: new Date(v.published_at).toISOString() })) };
}

export async function getScriptVersion(deps: Deps, p: Principal, id: string, version: number) {
  const row = await deps.db
    .selectFrom('script_versions')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .where('script_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound('script version', `${id} v${version}`);
  return { id, version, definition: row.definition, publishedAt: new Date(row.published_at).toISOString() };
}

/** Soft delete: versions stay for the conversations still running them. Refused while a channel or rule starts it. */
export async function deleteScript(deps: Deps, p: Principal, id: string) {
  await transact(deps, async (tx) => {
    await scriptRow(tx, p.workspaceId, id, true);
    const before = await getScript(tx, p, id);
    const channel = await tx.db.selectFrom('channels').select('id').where('workspace_id', '=', p.workspaceId).where('script_id', '=', id).executeTakeFirst();
    if (channel) throw new DomainError('CONFLICT', `channel ${channel.id} starts script ${id}; change the channel first`);
    const rule = await tx.db
      .selectFrom('keyword_rules')
      .select('id')
      .where('workspace_id', '=', p.workspaceId)
      .where(sql<string>`action->>'scriptId'`, '=', id)
      .executeTakeFirst();
    if (rule) throw new DomainError('CONFLICT', `keyword rule ${rule.id} starts script ${id}; change the rule first`);
    await tx.db.updateTable('scripts').set({ deleted_at: tx.now }).where('workspace_id', '=', p.workspaceId).where('id', '=', id).execute();
    await recordAudit(tx, p, 'script.deleted', 'script', id, before, null);
  });
}

export async function scriptRow(tx: Tx | Deps, workspaceId: string, id: string, lock: boolean) {
  let q = tx.db.selectFrom('scripts').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).where('deleted_at', 'is', null);
  if (lock) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('script', id);
  return row;
}
