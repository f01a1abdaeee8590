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
  sendPolicyMessages,
} from './policy-messages.ts';
import type { HandoffPolicy } from './handoff-policy.ts';
import { standingsOf, type Standing } from './wait-standing.ts';
import { sql } from 'kysely';
import { anyOf, rowsOf } from '../db/unnest.ts';

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

const setRepeatAt = (tx: Tx, conv: ConversationRow, at: number | null) => setRepeatsAt(tx, [{ conv, at }]);

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
  return (await sendWaitingMessages(tx, ids, [{ conv, policy, skills }], extra)).has(conv.id);
}

export interface WaitingCustomer {
  conv: ConversationRow;
  policy: HandoffPolicy;
  skills: readonly string[];
}

/**
 * sendWaitingMessage for the conversations of one workspace at once (a
 * routing batch's new customers, issue #13): their standings in one read,
 * their messages in one insert (conversations/system-messages.ts), their
 * repetitions in one update; a fixed number of statements for any number.
 * Answers the conversations that got the message.
 */
export async function sendWaitingMessages(tx: Tx, ids: IdGenerator, items: WaitingCustomer[], extra: Record<string, unknown> = {}): Promise<Set<string>> {
  const sent = new Set<string>();
  const [first] = items;
  if (!first) return sent;
  const standings = await standingsOf(
    tx.db,
    first.conv.workspace_id,
    items.map((i) => ({ ...i.conv, skills: [...i.skills] })),
  );
  const messages: Array<WaitingCustomer & { standing: Standing }> = [];
  const repeats: Array<{ conv: ConversationRow; at: number | null }> = [];
  for (const item of items) {
    const standing = standings.get(item.conv.id);
    if (!standing) repeats.push({ conv: item.conv, at: null });
    else {
      messages.push({ ...item, standing });
      repeats.push({ conv: item.conv, at: item.policy.waitingRepeatSeconds === null ? null : tx.now + item.policy.waitingRepeatSeconds * 1000 });
    }
  }
  await sendPolicyMessages(
    tx,
    ids,
    'waiting',
    messages.map(({ conv, policy, standing }) => ({
      conv,
      text: fillTemplate(policy.waitingMessage ?? DEFAULT_WAITING_MESSAGE, { position: standing.position, eta: formatEta(standing.estimatedWaitSeconds) }),
      data: { position: standing.position, estimatedWaitSeconds: standing.estimatedWaitSeconds, ...extra },
    })),
  );
  for (const m of messages) sent.add(m.conv.id);
  await setRepeatsAt(tx, repeats);
  return sent;
}

/** setRepeatAt for many conversations: one statement for those whose deadline changes. */
async function setRepeatsAt(tx: Tx, items: Array<{ conv: ConversationRow; at: number | null }>) {
  const changed = items.filter(({ conv, at }) => at !== (conv.waiting_repeat_at ?? null));
  if (changed.length === 0) return;
  const given = rowsOf(changed, 'v', [['id', 'text', (c) => c.conv.id], ['at', 'int8', (c) => c.at]]);
  await sql`UPDATE conversations SET waiting_repeat_at = v.at FROM ${given} WHERE conversations.id = ${anyOf(changed.map((c) => c.conv.id))} AND conversations.id = v.id`.execute(tx.db);
  for (const { conv, at } of changed) conv.waiting_repeat_at = at;
}

export const clearWaitingRepeat = (tx: Tx, conv: ConversationRow) => setRepeatAt(tx, conv, null);
