import { conversationTimers, dueConversationTimers, type ConversationActivity, type ConversationTimer } from '@switchboard/core';
import { sql } from 'kysely';
import type { ConversationRow } from '../db/schema.ts';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { lockConversation } from '../conversations/conversation-store.ts';
import { leaveRouting } from '../conversations/handoff.ts';
import { transact, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import type { Actor } from '../platform/principal.ts';
import { DEFAULT_IDLE_REMINDER, sendPolicyMessage } from './policy-messages.ts';
import { tellAfterRequeue } from './handoff-policy.ts';
import { policyRoutingFrom, type PolicyRoutingSettings } from './policy-settings.ts';

/**
 * R13 from stored deadlines. `conversations.timer_at` holds the earliest
 * deadline that may be due; it is set when an agent gets the conversation
 * (routing/apply-decisions.ts) and after each agent message. A customer's
 * message only ever postpones or cancels a deadline, so it need not touch
 * the column (the fast inbound path does not): when a deadline comes, the
 * activity is read again from the messages and core's conversationTimers
 * says what is really due, and when the next one is.
 */

const SYSTEM: Actor = { actorType: 'system', actorId: null };
const BATCH = 100;

export async function activityOf(tx: Tx, conv: ConversationRow): Promise<ConversationActivity> {
  const assignedAt = conv.assigned_at ?? null;
  const row = await tx.db
    .selectFrom('messages')
    .select([
      sql<string | null>`max(created_at) FILTER (WHERE sender = 'agent' AND NOT private)`.as('last_agent'),
      sql<string | null>`max(created_at) FILTER (WHERE sender = 'agent' AND NOT private AND agent_id = ${conv.assignee_id} AND created_at >= ${assignedAt ?? 0}::int8)`.as('replied'),
      sql<string | null>`max(created_at) FILTER (WHERE sender = 'customer')`.as('last_customer'),
    ])
    .where('conversation_id', '=', conv.id)
    .executeTakeFirstOrThrow();
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return {
    assignedAt,
    agentRepliedAt: num(row.replied),
    lastAgentMessageAt: num(row.last_agent),
    lastCustomerMessageAt: num(row.last_customer),
    idleReminderSentAt: conv.idle_reminder_at ?? null,
  };
}

async function settingsOf(tx: Tx, workspaceId: string): Promise<PolicyRoutingSettings> {
  const ws = await tx.db.selectFrom('workspaces').select('routing_settings').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  return policyRoutingFrom(ws.routing_settings);
}

/** Stores the next deadline of a `processing` conversation (null when none), from its current activity. */
export async function refreshConversationTimer(tx: Tx, conv: ConversationRow, settings?: PolicyRoutingSettings): Promise<void> {
  const next = conv.status === 'processing' ? conversationTimers(settings ?? (await settingsOf(tx, conv.workspace_id)), await activityOf(tx, conv))[0] : undefined;
  const timerAt = next?.dueAt ?? null;
  if (timerAt === (conv.timer_at ?? null)) return;
  await tx.db.updateTable('conversations').set({ timer_at: timerAt }).where('id', '=', conv.id).execute();
}

/** Fires every conversation deadline that has passed; each in its own transaction. Returns how many were looked at. */
export async function runConversationTimers(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.selectFrom('conversations').select(['id', 'workspace_id']).where('timer_at', '<=', now).orderBy('timer_at').limit(BATCH).execute();
  for (const { id, workspace_id } of due) {
    await transact(deps, async (tx) => {
      // The routing lock first, as every routing unit of work takes it, then the row.
      const routing = await deps.routing.begin(tx, workspace_id);
      const conv = await lockConversation(tx, workspace_id, id);
      if (conv.timer_at === null || conv.timer_at === undefined || conv.timer_at > tx.now) return;
      if (conv.status !== 'processing') return refreshConversationTimer(tx, conv);
      const settings = await settingsOf(tx, workspace_id);
      const [timer] = dueConversationTimers(settings, await activityOf(tx, conv), tx.now);
      if (timer) await fire(deps, tx, routing, conv, timer, settings);
      const fresh = await lockConversation(tx, workspace_id, id);
      await refreshConversationTimer(tx, fresh, settings);
    });
  }
  return due.length;
}

type Session = Awaited<ReturnType<Deps['routing']['begin']>>;

async function fire(deps: Deps, tx: Tx, routing: Session, conv: ConversationRow, timer: ConversationTimer, settings: PolicyRoutingSettings) {
  const data = { kind: timer.kind, dueAt: new Date(timer.dueAt).toISOString(), agentId: conv.assignee_id };
  await recordConversationEvent(tx, conv.workspace_id, conv.id, 'timer_fired', timer.kind, SYSTEM, data);
  switch (timer.kind) {
    case 'first_reply':
      // Back to routing with its key; the silent agent joins declinedBy, so another is preferred (R13).
      await routing.apply({ type: 'first_reply_timeout', conversationId: conv.id, agentId: conv.assignee_id! }, SYSTEM);
      // The customer hears it too: passed to another agent, or where they stand again in the queue.
      await tellAfterRequeue(tx, deps.ids, routing, await lockConversation(tx, conv.workspace_id, conv.id), 'first_reply_timeout', conv.assignee_id);
      return;
    case 'idle_reminder':
      await sendPolicyMessage(tx, deps.ids, conv, settings.customerIdleMessage ?? DEFAULT_IDLE_REMINDER, 'idle_reminder');
      await tx.db.updateTable('conversations').set({ idle_reminder_at: tx.now }).where('id', '=', conv.id).execute();
      return;
    case 'idle_close':
      await leaveRouting(tx, routing, conv, 'completed', 'customer_idle', SYSTEM);
      return;
  }
}
