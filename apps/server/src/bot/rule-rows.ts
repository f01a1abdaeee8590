import type { KeywordAction, KeywordMatchType, KeywordRule } from '@switchboard/core';
import type { Kysely } from 'kysely';
import type { DB, KeywordRuleRow } from '../db/schema.ts';

export function keywordRuleFrom(row: KeywordRuleRow): KeywordRule {
  return {
    id: row.id,
    match: row.match as KeywordMatchType,
    pattern: row.pattern,
    ...(row.reply !== null && { reply: row.reply }),
    ...(row.action !== null && { action: row.action as unknown as KeywordAction }),
    ...(row.tags?.length > 0 && { tags: row.tags }),
  };
}

/** A channel's own rules first, then the workspace's, each scope in position order. */
export async function loadChannelRules(db: Kysely<DB>, workspaceId: string, channelId: string): Promise<KeywordRuleRow[]> {
  const rows = await db
    .selectFrom('keyword_rules')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([eb('channel_id', '=', channelId), eb('channel_id', 'is', null)]))
    .execute();
  const scope = (r: KeywordRuleRow) => (r.channel_id === null ? 1 : 0);
  return rows.sort((a, b) => scope(a) - scope(b) || a.position - b.position || a.id.localeCompare(b.id));
}
