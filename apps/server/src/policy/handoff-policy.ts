import { handoffIntake, scheduleFor, type BusinessHours, type HandoffIntake, type RelaxationPolicy } from '@switchboard/core';
import { sql } from 'kysely';
import type { ConversationRow } from '../db/schema.ts';
import type { Database } from '../db/database.ts';
import { recordStatusChange } from '../conversations/conversation-history.ts';
import { updateStatus } from '../conversations/conversation-store.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { Actor } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import type { TtlCache } from '../platform/ttl-cache.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import { channelPolicyFrom, policyRoutingFrom, relaxationFor, waitingRepeatFor, workspacePolicyFrom } from './policy-settings.ts';
import { DEFAULT_PASSED_ON, sendPolicyMessage } from './policy-messages.ts';
import { offHoursText, sendQueuedOffHours, sendWaitingMessage, sendWaitingMessages, type WaitingCustomer } from './waiting-message.ts';

/** What R10–R12 say about one handoff, read once from the channel and the workspace. */
export interface HandoffPolicy {
  schedule: BusinessHours | null;
  queueOutsideHours: boolean;
  channelHasBot: boolean;
  offHoursMessage: string | null;
  waitingMessage: string | null;
  /** R12: seconds between repetitions of the waiting message; null = once. */
  waitingRepeatSeconds: number | null;
  relaxation: RelaxationPolicy | null;
}

const POLICY_COLUMNS = ['channels.bot', 'channels.queue_policy as channel_policy', 'workspaces.business_hours', 'workspaces.queue_policy', 'workspaces.routing_settings'] as const;

/** The conversation's channel and workspace policy; any reader will do (a unit of work, or explain's read transaction). */
export async function loadHandoffPolicy(tx: { db: Database }, conv: Pick<ConversationRow, 'channel_id'>): Promise<HandoffPolicy> {
  const row = await tx.db
    .selectFrom('channels')
    .innerJoin('workspaces', 'workspaces.id', 'channels.workspace_id')
    .select(POLICY_COLUMNS)
    .where('channels.id', '=', conv.channel_id)
    .executeTakeFirstOrThrow();
  return policyFrom(row);
}

/**
 * The policies of several channels (a batch of new customers, inbound/new-customers.ts): from `cache`
 * where it has them (forgotten, here and in every process, when a channel, the business hours or the
 * routing settings change), the rest in one read.
 */
export async function loadHandoffPolicies(db: Database, channelIds: string[], cache: TtlCache<HandoffPolicy>, now: number): Promise<Map<string, HandoffPolicy>> {
  const found = new Map<string, HandoffPolicy>();
  const missing: string[] = [];
  for (const id of channelIds) {
    const cached = cache.get(id, now);
    if (cached) found.set(id, cached);
    else missing.push(id);
  }
  if (missing.length === 0) return found;
  const seen = cache.generation;
  const rows = await db
    .selectFrom('channels')
    .innerJoin('workspaces', 'workspaces.id', 'channels.workspace_id')
    .select(['channels.id', ...POLICY_COLUMNS])
    .where('channels.id', '=', sql<string>`ANY(${missing}::text[])`)
    .execute();
  for (const row of rows) {
    const policy = policyFrom(row);
    found.set(row.id, policy);
    cache.setIfUnchanged(seen, row.id, policy, now);
  }
  return found;
}

interface PolicyRow {
  bot: boolean;
  channel_policy: Record<string, unknown>;
  business_hours: unknown;
  queue_policy: Record<string, unknown> | null;
  routing_settings: Record<string, unknown>;
}

function policyFrom(row: PolicyRow): HandoffPolicy {
  const channel = channelPolicyFrom(row.channel_policy);
  const workspace = workspacePolicyFrom(row.queue_policy);
  const routing = policyRoutingFrom(row.routing_settings);
  return {
    schedule: scheduleFor(channel.businessHours ?? null, row.business_hours as BusinessHours | null),
    queueOutsideHours: workspace.queueOutsideHours,
    channelHasBot: row.bot,
    offHoursMessage: channel.offHoursMessage ?? workspace.offHoursMessage,
    waitingMessage: channel.waitingMessage ?? routing.waitingMessage,
    waitingRepeatSeconds: waitingRepeatFor(channel, routing),
    relaxation: relaxationFor(channel, routing),
  };
}

export function intakeOf(policy: HandoffPolicy, now: number): HandoffIntake {
  return handoffIntake({ schedule: policy.schedule, queueOutsideHours: policy.queueOutsideHours }, policy.channelHasBot, now);
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
  await afterHandoffs(tx, ids, session, [{ conv, policy, intake }]);
}

/** afterHandoff for a routing batch's hand-offs: the waiting messages go together (sendWaitingMessages). */
export async function afterHandoffs(tx: Tx, ids: IdGenerator, session: RoutingSession, items: Array<{ conv: ConversationRow; policy: HandoffPolicy; intake: HandoffIntake }>) {
  const waiting: WaitingCustomer[] = [];
  for (const { conv, policy, intake } of items) {
    const routed = session.engine.conversation(conv.id);
    if (!routed) continue;
    if (routed.relaxation || routed.relaxAt) {
      await tx.db
        .updateTable('conversations')
        .set({ relaxation: routed.relaxation ? JSON.stringify(routed.relaxation) : null, relax_at: routed.relaxAt ?? null })
        .where('id', '=', conv.id)
        .execute();
    }
    if (intake.offHours) await sendQueuedOffHours(tx, ids, conv, policy, intake);
    else if (routed.status !== 'processing' && !routed.offer) waiting.push({ conv, policy, skills: routed.skills });
  }
  await sendWaitingMessages(tx, ids, waiting);
}

/**
 * After routing took a conversation back from its agent (R13's first-reply
 * timeout): the customer is not left with the last agent's silence. Given
 * straight to another agent (or offered to one): "we're passing you to
 * another agent"; to the same one, the only one qualifying: nothing; back in
 * the queue: the waiting message again (or the off-hours one), with its
 * repetition, as at a handoff.
 */
export async function tellAfterRequeue(tx: Tx, ids: IdGenerator, session: RoutingSession, conv: ConversationRow, after: string, previousAgentId: string | null) {
  const routed = session.engine.conversation(conv.id);
  if (!routed) return;
  const next = routed.status === 'processing' ? routed.agentId : routed.offer?.agentId;
  // Back with the same agent (the only one who qualifies): nothing changed for the customer.
  if (next) return next === previousAgentId ? undefined : sendPolicyMessage(tx, ids, conv, DEFAULT_PASSED_ON, 'passed_on', { after });
  const policy = await loadHandoffPolicy(tx, conv);
  const intake = intakeOf(policy, tx.now);
  if (intake.offHours) return sendQueuedOffHours(tx, ids, conv, policy, intake, { after });
  await sendWaitingMessage(tx, ids, conv, policy, routed.skills, { after });
}

/**
 * After a transfer to skills (`POST /conversations/:id/transfer {skills}`):
 * the transfer notice (conversations/transfer-notice.ts, where the channel
 * allows it) already said "you are being transferred"; when nobody took the
 * conversation at once it is waiting again, so R12's waiting message (or the
 * off-hours one) follows with the position and estimate. Taken at once by an
 * agent or offered: nothing more — no "passing you to another agent" beside
 * the notice (decision 0016-queue-policy-transfer).
 */
export async function tellAfterTransfer(tx: Tx, ids: IdGenerator, session: RoutingSession, conversationId: string) {
  const routed = session.engine.conversation(conversationId);
  if (!routed || routed.status === 'processing' || routed.offer) return;
  const conv = await tx.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
  const policy = await loadHandoffPolicy(tx, conv);
  const intake = intakeOf(policy, tx.now);
  if (intake.offHours) return sendQueuedOffHours(tx, ids, conv, policy, intake, { after: 'transfer' });
  await sendWaitingMessage(tx, ids, conv, policy, routed.skills, { after: 'transfer' });
}

/**
 * Routing's requeues the customer must hear of (registered in container.ts):
 * an agent who went offline with `offlinePolicy: requeue` — passed to another
 * agent, or the waiting message again. (A first-reply timeout is told by the
 * timer itself, which knows the silent agent; swaps and limit changes never
 * reached an agent; a transfer tells its customer itself: tellAfterTransfer.)
 */
export function tellRequeuedCustomers(ids: IdGenerator) {
  return async (tx: Tx, session: RoutingSession, conversationId: string, reason: string) => {
    if (reason !== 'agent_offline') return;
    const conv = await tx.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirst();
    if (conv) await tellAfterRequeue(tx, ids, session, conv, reason, null);
  };
}
