import { transact, type Deps } from '../platform/deps.ts';

/**
 * Fires whatever stored deadline has passed: offer expiries (R4) and skill
 * relaxations (R10). Timers are
 * derived from columns, never only from memory, so a restart (or another
 * process) picks up exactly where this one stopped. Running it twice is
 * harmless: the engine only expires offers (and relaxes
 * conversations) whose deadline is ≤ now.
 */
export async function runDueTimers(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('conversations')
    .select('workspace_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb.and([eb('offer_expires_at', '<=', now), eb('status', '=', 'dispatching')]),
        // R10: a relaxation deadline, kept only while the conversation waits for a person.
        eb.and([eb('relax_at', '<=', now), eb.or([eb('status', '=', 'waiting'), eb.and([eb('status', '=', 'dispatching'), eb('offer_agent_id', 'is', null)])])]),
      ]),
    )
    .execute();
  for (const { workspace_id } of due) {
    await transact(deps, async (tx) => {
      const routing = await deps.routing.begin(tx, workspace_id);
      await routing.apply({ type: 'tick' });
    });
  }
  return due.length;
}
