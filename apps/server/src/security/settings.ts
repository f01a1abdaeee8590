import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import { recordAudit } from './audit.ts';

/** Workspace security settings (workspaces.security_settings); missing fields take these defaults. */
export interface SecuritySettings {
  /** SPEC §7: agents read other agents' transcripts only if the workspace allows it. Off by default (docs/decisions/0012-h-auth-transcripts.md). */
  agentsSeeAllTranscripts: boolean;
  /**
   * Issue #11: mail that fails SPF/DKIM/DMARC stays out of an existing
   * conversation unless the workspace says otherwise (off by default); an
   * e-mail channel's `acceptUnverifiedMail`, when set, overrides this.
   */
  acceptUnverifiedMail: boolean;
}

export const securitySettingsFrom = (raw: Record<string, unknown> | null | undefined): SecuritySettings => ({
  agentsSeeAllTranscripts: raw?.agentsSeeAllTranscripts === true,
  acceptUnverifiedMail: raw?.acceptUnverifiedMail === true,
});

export async function getSecuritySettings(db: Deps['db'] | Tx['db'], workspaceId: string): Promise<SecuritySettings> {
  const row = await db.selectFrom('workspaces').select('security_settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return securitySettingsFrom(row.security_settings);
}

export async function updateSecuritySettings(deps: Deps, p: Principal, patch: Partial<SecuritySettings>) {
  return transact(deps, async (tx) => {
    const before = await getSecuritySettings(tx.db, p.workspaceId);
    const after = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await tx.db
      .updateTable('workspaces')
      .set({ security_settings: JSON.stringify(after) })
      .where('id', '=', p.workspaceId)
      .execute();
    await recordAudit(tx, p, 'settings.security_updated', 'workspace', p.workspaceId, before, after);
    return after;
  });
}
