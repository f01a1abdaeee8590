import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { botSettingsFrom, type BotSettings } from './settings.ts';

export type BotCacheKind = 'rules' | 'kb';

const COLUMN = { rules: 'rules_version', kb: 'kb_version' } as const;

/**
 * Bumps the stored version of the rules or the knowledge base, in the caller's
 * transaction. The row lock it takes also serialises every bot change of the
 * workspace (rule positions stay dense under concurrent edits).
 */
export async function bumpBotVersion(db: Transaction<DB>, workspaceId: string, kind: BotCacheKind) {
  const column = COLUMN[kind];
  const row = await db
    .insertInto('bot_versions')
    .values({ workspace_id: workspaceId, [column]: 1 })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ [column]: sql`bot_versions.${sql.ref(column)} + 1` }))
    .returning(column)
    .executeTakeFirstOrThrow();
  const next = Number((row as Record<string, unknown>)[column]);
  return { previous: next - 1, next };
}

export interface BotState {
  settings: BotSettings;
  rulesVersion: number;
  kbVersion: number;
}

/** One read per message: the settings and the version tags of the caches. */
export async function readBotState(db: Kysely<DB>, workspaceId: string): Promise<BotState> {
  const row = await db
    .selectFrom('workspaces')
    .leftJoin('bot_versions', 'bot_versions.workspace_id', 'workspaces.id')
    .select(['workspaces.bot_settings', 'bot_versions.rules_version', 'bot_versions.kb_version'])
    .where('workspaces.id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return botStateFrom(row);
}

export function botStateFrom(row: { bot_settings: Record<string, unknown> | null; rules_version: number | null; kb_version: number | null }): BotState {
  return {
    settings: botSettingsFrom(row.bot_settings),
    rulesVersion: Number(row.rules_version ?? 0),
    kbVersion: Number(row.kb_version ?? 0),
  };
}
