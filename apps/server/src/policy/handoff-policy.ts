import { handoffIntake, scheduleFor, type BusinessHours, type HandoffIntake, type RelaxationPolicy } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import { recordStatusChange } from '../conversations/conversation-history.ts';
import { updateStatus } from '../conversations/conversation-store.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { Actor } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import { channelPolicyFrom, policyRoutingFrom, relaxationFor, workspacePolicyFrom } from './policy-settings.ts';
import {
  DEFAULT_OFF_HOURS_NOT_QUEUED,
  DEFAULT_OFF_HOURS_QUEUED,
  DEFAULT_WAITING_MESSAGE,
  fillTemplate,
  formatEta,
  formatOpening,
  sendPolicyMessage,
} from './policy-messages.ts';
import { standingsOf } from './wait-standing.ts';

/** What R10–R12 say about one handoff, read once from the channel and the workspace. */
export interface HandoffPolicy {
  schedule: BusinessHours | null;
  queueOutsideHours: boolean;
  channelHasBot: boolean;
  offHoursMessage: string | null;
  waitingMessage: string | null;
  relaxation: RelaxationPolicy | null;
}

export async function loadHandoffPolicy(tx: Tx, conv: ConversationRow): Promise<HandoffPolicy> {
  const row = await tx.db
    .selectFrom('channels')
    .innerJoin('workspaces', 'workspaces.id', 'channels.workspace_id')
    .select(['channels.bot', 'channels.queue_policy as channel_policy', 'workspaces.business_hours', 'workspaces.queue_policy', 'workspaces.routing_settings'])
    .where('channels.id', '=', conv.channel_id)
    .executeTakeFirstOrThrow();
  const channel = channelPolicyFrom(row.channel_policy);
  const workspace = workspacePolicyFrom(row.queue_policy);
  const routing = policyRoutingFrom(row.routing_settings);
  return {
    schedule: scheduleFor(channel.businessHours ?? null, row.business_hours as BusinessHours | null),
    queueOutsideHours: workspace.queueOutsideHours,
    channelHasBot: row.bot,
    offHoursMessage: channel.offHoursMessage ?? workspace.offHoursMessage,
    waitingMessage: channel.waitingMessage ?? routing.waitingMessage,
    relaxation: relaxationFor(channel, routing),
  };
}

export function intakeOf(policy: HandoffPolicy, now: number): HandoffIntake {
  return handoffIntake({ schedule: policy.schedule, queueOutsideHours: policy.queueOutsideHours }, policy.channelHasBot, now);
}

function offHoursText(policy: HandoffPolicy, intake: HandoffIntake & { offHours: true }, now: number) {
  const fallback = intake.action === 'queue' ? DEFAULT_OFF_HOURS_QUEUED : DEFAULT_OFF_HOURS_NOT_QUEUED;
  const opening = formatOpening(policy.schedule!.timezone, intake.opensAt, now);
  return fillTemplate(policy.offHoursMessage ?? fallback, { opening });
}

/**
 * Out of hours without queueing (R11): the off-hours message, then the
 * conversation stays with the bot, or is completed `off_hours` on a channel
 * without one. Nothing reaches routing.
 */
export async function declineOutsideHours(tx: Tx, ids: IdGenerator, conv: ConversationRow, policy: HandoffPolicy, intake: HandoffIntake, actor: Actor) {
  if (!intake.offHours || intake.action === 'queue') return;
  const opensAt = intake.opensAt === null ? null : new Date(intake.opensAt).toISOString();
  await sendPolicyMessage(tx, ids, conv, offHoursText(policy, intake, tx.now), 'off_hours', { action: intake.action, opensAt });
  if (intake.action === 'complete') {
    await updateStatus(tx, conv, 'completed', { closed_at: tx.now, close_reason: 'off_hours', bot_deadline: null });
    await recordStatusChange(tx, conv.workspace_id, conv.id, conv.status, 'completed', 'off_hours', actor);
  }
}

/**
 * After the engine took the handoff: store the R10 policy and deadline the
 * engine keeps (loaded back into the snapshot after a restart), then tell the
 * customer where they stand — the off-hours message when queued out of
 * hours, else the waiting message while nobody has it yet.
 */
export async function afterHandoff(tx: Tx, ids: IdGenerator, session: RoutingSession, conv: ConversationRow, policy: HandoffPolicy, intake: HandoffIntake) {
  const routed = session.engine.conversation(conv.id);
  if (!routed) return;
  if (routed.relaxation || routed.relaxAt) {
    await tx.db
      .updateTable('conversations')
      .set({ relaxation: routed.relaxation ? JSON.stringify(routed.relaxation) : null, relax_at: routed.relaxAt ?? null })
      .where('id', '=', conv.id)
      .execute();
  }
  if (intake.offHours) {
    const opensAt = intake.opensAt === null ? null : new Date(intake.opensAt).toISOString();
    return sendPolicyMessage(tx, ids, conv, offHoursText(policy, intake, tx.now), 'off_hours', { action: 'queue', opensAt });
  }
  if (routed.status === 'processing' || routed.offer) return;
  const standing = (await standingsOf(tx.db, conv.workspace_id, [{ ...conv, skills: [...routed.skills] }])).get(conv.id);
  if (!standing) return;
  const text = fillTemplate(policy.waitingMessage ?? DEFAULT_WAITING_MESSAGE, { position: standing.position, eta: formatEta(standing.estimatedWaitSeconds) });
  await sendPolicyMessage(tx, ids, conv, text, 'waiting', { position: standing.position, estimatedWaitSeconds: standing.estimatedWaitSeconds });
}
