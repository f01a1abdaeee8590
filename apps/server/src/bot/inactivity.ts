import { sql } from 'kysely';
import { transact, type Deps } from '../platform/deps.ts';
import { recordStatusChange } from '../conversations/conversation-history.ts';
import { BOT } from './bot-actions.ts';
import { resumeScript } from './script-resume.ts';

const BATCH = 100;

/**
 * Scheduler task, by stored deadline (conversations.bot_deadline), so a restart
 * or another process picks up where this one stopped. A conversation in bot or
 * script whose customer went quiet completes ('bot_inactivity', R9). A script
 * still awaiting an HTTP result past its deadline (the process that made the
 * call died) is resumed with a timeout instead.
 */
export async function runBotInactivity(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db
    .selectFrom('conversations')
    .select(['id', 'workspace_id', 'status', 'bot_deadline', 'script_state'])
    .where('bot_deadline', '<=', now)
    .where('status', 'in', ['bot', 'script'])
    .orderBy('bot_deadline')
    .limit(BATCH)
    .execute();
  let done = 0;
  for (const conv of due) {
    const state = conv.script_state as { status?: string; stepId?: string } | null;
    if (conv.status === 'script' && state?.status === 'awaiting_http') {
      const input = { type: 'http_result', step: state.stepId, ok: false, error: 'timeout' } as const;
      if (await resumeScript(deps, conv.workspace_id, conv.id, input)) done++;
    } else if (await completeIfStillDue(deps, conv.id, conv.status, conv.bot_deadline!)) done++;
  }
  return done;
}

/** Compare-and-set on status and deadline: a customer message that refreshed the deadline meanwhile wins. */
async function completeIfStillDue(deps: Deps, id: string, status: string, deadline: number): Promise<boolean> {
  return transact(deps, async (tx) => {
    const row = await tx.db
      .updateTable('conversations')
      .set({ status: 'completed', close_reason: 'bot_inactivity', closed_at: tx.now, bot_deadline: null, version: sql`version + 1`, updated_at: tx.now })
      .where('id', '=', id)
      .where('status', '=', status)
      .where('bot_deadline', '=', deadline)
      .returning(['workspace_id'])
      .executeTakeFirst();
    if (!row) return false;
    await recordStatusChange(tx, row.workspace_id, id, status, 'completed', 'bot_inactivity', BOT);
    return true;
  });
}
