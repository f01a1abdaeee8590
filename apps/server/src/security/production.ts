import type { Deps } from '../platform/deps.ts';
import { transact } from '../platform/deps.ts';
import { revocationEvent } from './revoke.ts';

/**
 * Production never serves the demo workspace (its passwords are published):
 * config.ts refuses to seed one, and one left in the database from an earlier
 * demo run has its agents deactivated and sessions ended at start.
 */
export async function retireDemoWorkspaces(deps: Deps): Promise<number> {
  return transact(deps, async (tx) => {
    const demos = await tx.db.selectFrom('workspaces').select('id').where('is_demo', '=', true).execute();
    for (const { id } of demos) {
      await tx.db.updateTable('agents').set({ active: false, presence: 'offline' }).where('workspace_id', '=', id).execute();
      const tokens = await tx.db.deleteFrom('api_tokens').where('workspace_id', '=', id).where('kind', '=', 'session').returning('token_hash').execute();
      tx.emit(revocationEvent({ workspaceId: id, tokenHashes: tokens.map((t) => t.token_hash), reason: 'demo_retired' }));
    }
    return demos.length;
  });
}
