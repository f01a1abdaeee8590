import { notFound } from '@switchboard/core';
import type { Deps } from '../../platform/deps.ts';
import type { Principal } from '../../platform/principal.ts';
import { assertMayRead } from '../../conversations/transcript-access.ts';
import { templateView } from './templates.ts';
import { windowOf } from './reply-window.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What the platform accepts in this conversation now, and the templates that can go out when free text cannot. */
export async function replyWindow(deps: Deps, p: Principal, conversationId: string) {
  const conv = await deps.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).where('workspace_id', '=', p.workspaceId).executeTakeFirst();
  if (!conv) throw notFound('conversation', conversationId);
  await assertMayRead(deps, p, conv);
  const channel = await deps.db.selectFrom('channels').select('type').where('id', '=', conv.channel_id).executeTakeFirstOrThrow();
  const w = await windowOf(deps.db, conv, channel.type, deps.clock.now());
  const templates = channel.type === 'whatsapp' ? await deps.db.selectFrom('channel_templates').selectAll().where('channel_id', '=', conv.channel_id).orderBy('name').execute() : [];
  return {
    channelType: channel.type,
    state: w.state,
    lastCustomerMessageAt: iso(w.lastCustomerAt),
    freeTextUntil: iso(w.freeTextUntil),
    humanAgentUntil: iso(w.humanAgentUntil),
    templates: templates.map(templateView),
  };
}
