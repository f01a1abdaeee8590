import { normalizeRequiredSkills, notFound } from '@switchboard/core';
import { splitSecrets } from '../platform/secret-box.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Principal } from '../platform/principal.ts';
import { channelView } from '../conversations/serialize.ts';
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
  const { plain, secret } = splitSecrets(input.config ?? {});
  const policy = mergeChannelPolicy({}, input);
  const row = await deps.db
    .insertInto('channels')
    .values({
      id: deps.ids.next('ch'),
      workspace_id: p.workspaceId,
      type: input.type,
      name: input.name,
      bot: input.bot ?? true,
      skills: JSON.stringify(normalizeRequiredSkills(input.skills ?? [])),
      priority: input.priority ?? 0,
      config: JSON.stringify(plain),
      secrets: Object.keys(secret).length ? deps.secrets.seal(secret) : null,
      handoff_keywords: input.handoffKeywords ? JSON.stringify(input.handoffKeywords) : null,
      return_keywords: JSON.stringify(input.returnKeywords ?? []),
      script_id: input.scriptId ?? null,
      queue_policy: JSON.stringify(policy),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return channelView(row);
}

export async function updateChannel(deps: Deps, p: Principal, id: string, input: Partial<ChannelInput>) {
  return transact(deps, async (tx) => {
    const current = await getChannelRow(tx, p.workspaceId, id);
    const policy = touchesPolicy(input) ? mergeChannelPolicy(current.queue_policy, input) : null;
    const { plain, secret } = splitSecrets(input.config ?? {});
    const secrets = { ...(deps.secrets.open(current.secrets) ?? {}), ...secret };
    const row = await tx.db
      .updateTable('channels')
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.bot !== undefined && { bot: input.bot }),
        ...(input.skills !== undefined && { skills: JSON.stringify(normalizeRequiredSkills(input.skills)) }),
        ...(input.priority !== undefined && { priority: input.priority }),
        ...(input.config !== undefined && { config: JSON.stringify({ ...current.config, ...plain }) }),
        ...(Object.keys(secret).length > 0 && { secrets: deps.secrets.seal(secrets) }),
        ...(input.handoffKeywords !== undefined && { handoff_keywords: input.handoffKeywords ? JSON.stringify(input.handoffKeywords) : null }),
        ...(input.returnKeywords !== undefined && { return_keywords: JSON.stringify(input.returnKeywords) }),
        ...(input.scriptId !== undefined && { script_id: input.scriptId }),
        ...(policy && { queue_policy: JSON.stringify(policy) }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    tx.onCommit(() => deps.channels.delete(id));
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
