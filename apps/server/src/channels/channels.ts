import { DomainError, normalizeRequiredSkills, notFound } from '@switchboard/core';
import { channelBinding, splitSecrets } from '../platform/secret-box.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import { channelView } from '../conversations/serialize.ts';
import { recordAudit } from '../security/audit.ts';
import { checkApiBaseUrl } from './api-base.ts';
import { mergeChannelPolicy, touchesPolicy, type ChannelPolicyInput } from '../policy/channel-policy.ts';

export interface ChannelInput extends ChannelPolicyInput {
  type: string;
  name: string;
  bot?: boolean;
  skills?: string[];
  priority?: number;
  config?: Record<string, unknown>;
  handoffKeywords?: string[] | null;
  returnKeywords?: string[];
  scriptId?: string | null;
}


/** Finding 18: a channel may only start a script of its own workspace that exists (and is not deleted). */
async function assertScriptExists(db: Deps['db'], workspaceId: string, scriptId: string | null | undefined) {
  if (!scriptId) return;
  const row = await db
    .selectFrom('scripts')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', scriptId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new DomainError('VALIDATION_FAILED', `scriptId: no script ${scriptId} in this workspace`);
}

export async function getChannelRow(tx: Tx | Deps, workspaceId: string, id: string) {
  const row = await tx.db.selectFrom('channels').selectAll().where('id', '=', id).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw notFound('channel', id);
  return row;
}

/**
 * A channel by id through the short-lived cache, for the per-message hot
 * paths (inbound API, webhooks). Bot switches and keywords changed through
 * another process reach this one within the cache's 5 seconds.
 */
export async function channelById(deps: Deps, id: string) {
  const now = deps.clock.now();
  const cached = deps.channels.get(id, now);
  if (cached) return cached;
  const row = await deps.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  if (row) deps.channels.set(id, row, now);
  return row;
}

export async function getChannelCached(deps: Deps, workspaceId: string, id: string) {
  const row = await channelById(deps, id);
  if (!row || row.workspace_id !== workspaceId) throw notFound('channel', id);
  return row;
}

export async function createChannel(deps: Deps, p: Principal, input: ChannelInput) {
  checkApiBaseUrl(deps, input.type, input.config);
  const { plain, secret } = splitSecrets(input.config ?? {});
  await assertScriptExists(deps.db, p.workspaceId, input.scriptId);
  const id = deps.ids.next('ch');
  const policy = mergeChannelPolicy({}, input);
  const row = await deps.db
    .insertInto('channels')
    .values({
      id,
      workspace_id: p.workspaceId,
      type: input.type,
      name: input.name,
      bot: input.bot ?? true,
      skills: JSON.stringify(normalizeRequiredSkills(input.skills ?? [])),
      priority: input.priority ?? 0,
      config: JSON.stringify(plain),
      secrets: Object.keys(secret).length ? deps.secrets.seal(secret, channelBinding(id)) : null,
      handoff_keywords: input.handoffKeywords ? JSON.stringify(input.handoffKeywords) : null,
      return_keywords: JSON.stringify(input.returnKeywords ?? []),
      script_id: input.scriptId ?? null,
      queue_policy: JSON.stringify(policy),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit({ db: deps.db, now: deps.clock.now() }, p, 'channel.created', 'channel', id, null, channelView(row));
  return channelView(row);
}

export async function updateChannel(deps: Deps, p: Principal, id: string, input: Partial<ChannelInput>) {
  return transact(deps, async (tx) => {
    const current = await getChannelRow(tx, p.workspaceId, id);
    await assertScriptExists(tx.db, p.workspaceId, input.scriptId);
    checkApiBaseUrl(deps, current.type, input.config);
    const policy = touchesPolicy(input) ? mergeChannelPolicy(current.queue_policy, input) : null;
    const { plain, secret } = splitSecrets(input.config ?? {});
    const secrets = { ...(deps.secrets.open(current.secrets, channelBinding(id)) ?? {}), ...secret };
    const row = await tx.db
      .updateTable('channels')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.bot !== undefined && { bot: input.bot }),
        ...(input.skills !== undefined && { skills: JSON.stringify(normalizeRequiredSkills(input.skills)) }),
        ...(input.priority !== undefined && { priority: input.priority }),
        ...(input.config !== undefined && { config: JSON.stringify({ ...current.config, ...plain }) }),
        ...(Object.keys(secret).length > 0 && { secrets: deps.secrets.seal(secrets, channelBinding(id)) }),
        ...(input.handoffKeywords !== undefined && { handoff_keywords: input.handoffKeywords ? JSON.stringify(input.handoffKeywords) : null }),
        ...(input.returnKeywords !== undefined && { return_keywords: JSON.stringify(input.returnKeywords) }),
        ...(input.scriptId !== undefined && { script_id: input.scriptId }),
        ...(policy && { queue_policy: JSON.stringify(policy) }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    tx.onCommit(() => {
      deps.channels.delete(id);
      deps.policies.delete(id);
    });
    await recordAudit(tx, p, 'channel.updated', 'channel', id, channelView(current), channelView(row));
    return channelView(row);
  });
}

export async function listChannels(deps: Deps, p: Principal) {
  const rows = await deps.db.selectFrom('channels').selectAll().where('workspace_id', '=', p.workspaceId).orderBy('created_at').orderBy('id').execute();
  return rows.map(channelView);
}

export async function getChannel(deps: Deps, p: Principal, id: string) {
  return channelView(await getChannelRow(deps, p.workspaceId, id));
}
