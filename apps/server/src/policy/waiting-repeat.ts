import { lockConversation } from '../conversations/conversation-store.ts';
import { transact, type Deps } from '../platform/deps.ts';
import { intakeOf, loadHandoffPolicy } from './handoff-policy.ts';
import { clearWaitingRepeat, sendQueuedOffHours, sendWaitingMessage } from './waiting-message.ts';

const BATCH = 100;

/**
 * R12's repetition, a scheduler task: every conversation whose
 * `waiting_repeat_at` has passed gets the waiting message again with its
 * standing now, and the next deadline N seconds on; one no longer waiting
 * for a person (assigned, closed, back with the bot) gets nothing and loses
 * the deadline. Out of hours the off-hours message once, then nothing until
 * the opening. Each conversation in its own transaction, under its row lock
 * (an assignment committing meanwhile waits for it, then clears the deadline).
 */
export async function runWaitingRepeats(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('conversations')
    .select(['id', 'workspace_id'])
    .where('waiting_repeat_at', '<=', now)
    .orderBy('waiting_repeat_at')
    .limit(BATCH)
    .execute();
  for (const { id, workspace_id } of due) {
    await transact(deps, async (tx) => {
      const conv = await lockConversation(tx, workspace_id, id);
      if (conv.waiting_repeat_at === null || conv.waiting_repeat_at === undefined || conv.waiting_repeat_at > tx.now) return;
      const waitingForPerson = conv.status === 'waiting' || (conv.status === 'dispatching' && conv.offer_agent_id === null);
      const policy = await loadHandoffPolicy(tx, conv);
      if (!waitingForPerson || policy.waitingRepeatSeconds === null) {
        // An offer pending: it may still come back to waiting, so the repetition keeps its rhythm without a message.
        if (conv.status === 'dispatching' && policy.waitingRepeatSeconds !== null) {
          await tx.db
            .updateTable('conversations')
            .set({ waiting_repeat_at: tx.now + policy.waitingRepeatSeconds * 1000 })
            .where('id', '=', id)
            .execute();
          return;
        }
        return clearWaitingRepeat(tx, conv);
      }
      const intake = intakeOf(policy, tx.now);
      const repeat = { repeat: true };
      if (intake.offHours) return sendQueuedOffHours(tx, deps.ids, conv, policy, intake, repeat);
      await sendWaitingMessage(tx, deps.ids, conv, policy, conv.skills, repeat);
    });
  }
  return due.length;
}
