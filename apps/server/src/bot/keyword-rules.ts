import { DomainError, notFound, validateKeywordRules, type KeywordAction, type KeywordMatchType } from '@switchboard/core';
import { sql } from 'kysely';
import { keywordRuleFrom, loadChannelRules } from './rule-rows.ts';
import { bumpBotVersion } from './versions.ts';
import type { KeywordRuleRow } from '../db/schema.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { getChannelRow } from '../channels/channels.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';

export interface KeywordRuleInput {
  channelId?: string | null;
  match: KeywordMatchType;
  pattern: string;
  reply?: string | null;
  action?: KeywordAction | null;
  tags?: string[];
  position?: number;
}

export function keywordRuleView(r: KeywordRuleRow) {
  return {
    id: r.id,
    channelId: r.channel_id,
    position: r.position,
    match: r.match,
    pattern: r.pattern,
    reply: r.reply,
    action: r.action,
    tags: r.tags ?? [],
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** Channel rules, then workspace rules: for a channel, the order the bot tries them in. */
export async function listKeywordRules(deps: Deps, p: Principal, channelId?: string) {
  if (channelId) {
    await getChannelRow(deps, p.workspaceId, channelId);
    return { items: (await loadChannelRules(deps.db, p.workspaceId, channelId)).map(keywordRuleView) };
  }
  const rows = await deps.db
    .selectFrom('keyword_rules')
    .selectAll()
    .where('workspace_id', '=', p.workspaceId)
    .orderBy(sql`channel_id IS NULL`)
    .orderBy('channel_id')
    .orderBy('position')
    .execute();
  return { items: rows.map(keywordRuleView) };
}

export async function getKeywordRule(deps: Deps, p: Principal, id: string) {
  return keywordRuleView(await ruleRow(deps, p.workspaceId, id));
}

export async function createKeywordRule(deps: Deps, p: Principal, input: KeywordRuleInput) {
  return transact(deps, async (tx) => {
    // First: the version row's lock serialises rule edits, so positions stay dense.
    await bumpBotVersion(tx.db, p.workspaceId, 'rules');
    const channelId = input.channelId ?? null;
    if (channelId) await getChannelRow(tx, p.workspaceId, channelId);
    await assertValidRule(deps, tx, p.workspaceId, input);
    const size = await scopeSize(tx, p.workspaceId, channelId);
    const position = Math.min(input.position ?? size, size);
    await shiftScope(tx, p.workspaceId, channelId, { from: position }, +1);
    const row = await tx.db
      .insertInto('keyword_rules')
      .values({
        id: deps.ids.next('kw'),
        workspace_id: p.workspaceId,
        channel_id: channelId,
        position,
        match: input.match,
        pattern: input.pattern,
        reply: input.reply ?? null,
        action: input.action ? JSON.stringify(input.action) : null,
        tags: JSON.stringify(input.tags ?? []),
        created_at: tx.now,
        updated_at: tx.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, p, 'keyword_rule.created', 'keyword_rule', row.id, null, keywordRuleView(row));
    return keywordRuleView(row);
  });
}

export async function updateKeywordRule(deps: Deps, p: Principal, id: string, patch: Partial<Omit<KeywordRuleInput, 'channelId'>>) {
  return transact(deps, async (tx) => {
    await bumpBotVersion(tx.db, p.workspaceId, 'rules');
    const current = await ruleRow(tx, p.workspaceId, id);
    const merged = { ...keywordRuleFrom(current), ...stripUndefined(patch) } as KeywordRuleInput;
    await assertValidRule(deps, tx, p.workspaceId, merged);
    const position = patch.position === undefined ? current.position : await movePosition(tx, current, patch.position);
    const row = await tx.db
      .updateTable('keyword_rules')
      .set({
        match: merged.match,
        pattern: merged.pattern,
        reply: merged.reply ?? null,
        action: merged.action ? JSON.stringify(merged.action) : null,
        tags: JSON.stringify(merged.tags ?? []),
        position,
        updated_at: tx.now,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(tx, p, 'keyword_rule.updated', 'keyword_rule', id, keywordRuleView(current), keywordRuleView(row));
    return keywordRuleView(row);
  });
}

export async function deleteKeywordRule(deps: Deps, p: Principal, id: string) {
  await transact(deps, async (tx) => {
    await bumpBotVersion(tx.db, p.workspaceId, 'rules');
    const current = await ruleRow(tx, p.workspaceId, id);
    await tx.db.deleteFrom('keyword_rules').where('id', '=', id).execute();
    await shiftScope(tx, p.workspaceId, current.channel_id, { from: current.position + 1 }, -1);
    await recordAudit(tx, p, 'keyword_rule.deleted', 'keyword_rule', id, keywordRuleView(current), null);
  });
}

async function ruleRow(tx: Tx | Deps, workspaceId: string, id: string) {
  const row = await tx.db.selectFrom('keyword_rules').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('keyword rule', id);
  return row;
}

/** The core's checks (regex safety, empty pattern, reply or action), plus: a started script must exist. */
async function assertValidRule(deps: Deps, tx: Tx, workspaceId: string, input: KeywordRuleInput) {
  const rule = { id: 'rule', match: input.match, pattern: input.pattern, reply: input.reply ?? undefined, action: input.action ?? undefined };
  const errors = validateKeywordRules([rule], deps.patterns);
  if (errors.length > 0) {
    throw new DomainError('VALIDATION_FAILED', `invalid keyword rule: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
  if (input.action?.type === 'start_script') {
    const script = await tx.db
      .selectFrom('scripts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', input.action.scriptId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!script) throw new DomainError('VALIDATION_FAILED', `invalid keyword rule: no script ${input.action.scriptId}`);
  }
}

const inScope = (workspaceId: string, channelId: string | null) => (eb: any) =>
  eb.and([eb('workspace_id', '=', workspaceId), channelId === null ? eb('channel_id', 'is', null) : eb('channel_id', '=', channelId)]);

async function scopeSize(tx: Tx, workspaceId: string, channelId: string | null) {
  const row = await tx.db.selectFrom('keyword_rules').select((eb) => eb.fn.countAll<number>().as('n')).where(inScope(workspaceId, channelId)).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Moves the positions in [from, to] of one scope by `delta`. */
async function shiftScope(tx: Tx, workspaceId: string, channelId: string | null, range: { from: number; to?: number }, delta: 1 | -1) {
  let q = tx.db
    .updateTable('keyword_rules')
    .set({ position: sql`position + ${delta}` })
    .where(inScope(workspaceId, channelId))
    .where('position', '>=', range.from);
  if (range.to !== undefined) q = q.where('position', '<=', range.to);
  await q.execute();
}

async function movePosition(tx: Tx, current: KeywordRuleRow, wanted: number): Promise<number> {
  const last = (await scopeSize(tx, current.workspace_id, current.channel_id)) - 1;
  const target = Math.min(wanted, last);
  if (target < current.position) await shiftScope(tx, current.workspace_id, current.channel_id, { from: target, to: current.position - 1 }, +1);
  if (target > current.position) await shiftScope(tx, current.workspace_id, current.channel_id, { from: current.position + 1, to: target }, -1);
  return target;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
