import { transact, type Deps } from '../platform/deps.ts';

/**
 * Fires whatever stored deadline has passed: offer expiries (R4). Timers are
 * derived from columns, never only from memory, so a restart (or another
 * process) picks up exactly where this one stopped. Running it twice is
 * harmless: the engine only expires offers whose deadline is ≤ now.
 */
export async function runDueTimers(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('conversations')
    .select('workspace_id')
    .distinct()
    .where('offer_expires_at', '<=', now)
    .where('status', '=', 'dispatching')
    .execute();
  for (const { workspace_id } of due) {
    await transact(deps, async (tx) => {
      const routing = await deps.routing.begin(tx, workspace_id);
      await routing.apply({ type: 'tick' });
    });
  }
  return due.length;
}
