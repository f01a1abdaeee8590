import type { HandoffIntake } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { Tx } from '../platform/tx.ts';
import {
  DEFAULT_OFF_HOURS_NOT_QUEUED,
  DEFAULT_OFF_HOURS_QUEUED,
  DEFAULT_WAITING_MESSAGE,
  fillTemplate,
  formatEta,
  formatOpening,
  sendPolicyMessage,
} from './policy-messages.ts';
import type { HandoffPolicy } from './handoff-policy.ts';
import { standingsOf } from './wait-standing.ts';

/**
 * R12's two messages to a customer waiting for a person, and the stored
 * deadline of the next repetition (`conversations.waiting_repeat_at`,
 * fired by policy/waiting-repeat.ts). Out of hours the repetition waits for
 * the opening: one "we're closed until …" a night, not one every N minutes.
 */

export function offHoursText(policy: HandoffPolicy, intake: HandoffIntake & { offHours: true }, now: number) {
  const fallback = intake.action === 'queue' ? DEFAULT_OFF_HOURS_QUEUED : DEFAULT_OFF_HOURS_NOT_QUEUED;
  const opening = formatOpening(policy.schedule!.timezone, intake.opensAt, now);
  return fillTemplate(policy.offHoursMessage ?? fallback, { opening });
}

async function setRepeatAt(tx: Tx, conv: ConversationRow, at: number | null) {
  if (at === (conv.waiting_repeat_at ?? null)) return;
  await tx.db.updateTable('conversations').set({ waiting_repeat_at: at }).where('id', '=', conv.id).execute();
  conv.waiting_repeat_at = at;
}

/** The off-hours message to a queued customer; the next repetition (if any) at the opening. */
export async function sendQueuedOffHours(
  tx: Tx,
  ids: IdGenerator,
  conv: ConversationRow,
  policy: HandoffPolicy,
  intake: HandoffIntake & { offHours: true },
  extra: Record<string, unknown> = {},
) {
  const opensAt = intake.opensAt === null ? null : new Date(intake.opensAt).toISOString();
  await sendPolicyMessage(tx, ids, conv, offHoursText(policy, intake, tx.now), 'off_hours', { action: 'queue', opensAt, ...extra });
  await setRepeatAt(tx, conv, policy.waitingRepeatSeconds === null ? null : intake.opensAt);
}

/**
 * The waiting message with the customer's standing now ({position}, {eta}),
 * and the next repetition N seconds on when the workspace or channel wants it.
 * Nothing when the conversation is not waiting for a person (no standing).
 */
export async function sendWaitingMessage(
  tx: Tx,
  ids: IdGenerator,
  conv: ConversationRow,
  policy: HandoffPolicy,
  skills: readonly string[],
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const standing = (await standingsOf(tx.db, conv.workspace_id, [{ ...conv, skills: [...skills] }])).get(conv.id);
  if (!standing) {
    await setRepeatAt(tx, conv, null);
    return false;
  }
  const text = fillTemplate(policy.waitingMessage ?? DEFAULT_WAITING_MESSAGE, { position: standing.position, eta: formatEta(standing.estimatedWaitSeconds) });
  await sendPolicyMessage(tx, ids, conv, text, 'waiting', { position: standing.position, estimatedWaitSeconds: standing.estimatedWaitSeconds, ...extra });
  await setRepeatAt(tx, conv, policy.waitingRepeatSeconds === null ? null : tx.now + policy.waitingRepeatSeconds * 1000);
  return true;
}

export const clearWaitingRepeat = (tx: Tx, conv: ConversationRow) => setRepeatAt(tx, conv, null);
