import type { ConversationRow } from '../db/schema.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { appendSystemMessages } from '../conversations/system-messages.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { Tx } from '../platform/tx.ts';
import { localMoment } from './business-hours.ts';

/**
 * The customer-facing texts of R11–R13. They are `system` messages: stored
 * in the conversation and delivered on its channel through the outbox like
 * the bot's (channels/outbound.ts), whatever the channel.
 */

const SYSTEM = { actorType: 'system', actorId: null };

export const DEFAULT_WAITING_MESSAGE = 'You are number {position} in the queue. Estimated wait: {eta}.';
export const DEFAULT_OFF_HOURS_QUEUED = "We're closed right now; agents are back {opening}. You keep your place in the queue.";
export const DEFAULT_OFF_HOURS_NOT_QUEUED = "We're closed right now; agents are back {opening}. Please write to us again then.";
export const DEFAULT_PASSED_ON = "We're passing you to another agent; they will be with you shortly.";
export const DEFAULT_IDLE_REMINDER = 'Are you still there? This chat will close soon if we do not hear from you.';

/** "about 4 minutes"; null (no honest number) says so instead of guessing. */
export function formatEta(seconds: number | null): string {
  if (seconds === null) return 'as soon as an agent is free';
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  return `about ${hours} hour${hours === 1 ? '' : 's'}`;
}

const WEEKDAY_LABEL: Record<string, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** "Mon 09:00" within a week, "2027-01-04 09:00" beyond; in the schedule's zone. */
export function formatOpening(zone: string, opensAt: number | null, now: number): string {
  if (opensAt === null) return 'later';
  const m = localMoment(zone, opensAt);
  const withinWeek = opensAt - now < 6 * 24 * 3600 * 1000;
  return `${withinWeek ? WEEKDAY_LABEL[m.weekday] : m.date} ${m.time}`;
}

export function fillTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

/** Stores the message (queued to the channel in this transaction) and records why it was sent. */
export async function sendPolicyMessage(tx: Tx, ids: IdGenerator, conv: ConversationRow, text: string, kind: string, data: Record<string, unknown> = {}) {
  await sendPolicyMessages(tx, ids, kind, [{ conv, text, data }]);
}

/** sendPolicyMessage to several conversations (one each) in a fixed number of statements (a routing batch's waiting messages). */
export async function sendPolicyMessages(tx: Tx, ids: IdGenerator, kind: string, items: Array<{ conv: ConversationRow; text: string; data: Record<string, unknown> }>) {
  await appendSystemMessages(tx, { ids }, items);
  for (const { conv, data } of items) await recordConversationEvent(tx, conv.workspace_id, conv.id, 'policy_message', kind, SYSTEM, data);
}
