import { botSettingsFrom, type BotSettings } from './settings.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';

export async function getBotSettings(deps: Deps, p: Principal): Promise<BotSettings> {
  const ws = await deps.db.selectFrom('workspaces').select('bot_settings').where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  return botSettingsFrom(ws.bot_settings);
}

/** Read on every bot message (not cached), so a change applies to the next message in every process. */
export async function updateBotSettings(deps: Deps, p: Principal, patch: Partial<BotSettings>): Promise<BotSettings> {
  return transact(deps, async (tx) => {
    const ws = await tx.db.selectFrom('workspaces').select('bot_settings').where('id', '=', p.workspaceId).forNoKeyUpdate().executeTakeFirstOrThrow();
    const next = { ...botSettingsFrom(ws.bot_settings), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await tx.db.updateTable('workspaces').set({ bot_settings: JSON.stringify(next) }).where('id', '=', p.workspaceId).execute();
    await recordAudit(tx, p, 'settings.bot_updated', 'workspace', p.workspaceId, botSettingsFrom(ws.bot_settings), botSettingsFrom(next));
    return botSettingsFrom(next);
  });
}
