import { isAutomated, DomainError, isConversationStatus, normalizeRequiredSkills } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import type { RoutingSession } from '../routing/routing-service.ts';
import type { Tx } from '../platform/tx.ts';
import { recordStatusChange } from './conversation-history.ts';
import { updateStatus } from './conversation-store.ts';
import { rememberWritten } from '../routing/apply-decisions.ts';
import type { Actor } from '../platform/principal.ts';
import type { IdGenerator } from '../platform/ids.ts';
import { ROUTE_PENDING_MS, type PendingHandoff } from '../routing/pending-handoffs.ts';
import { afterHandoff, declineOutsideHours, intakeOf, loadHandoffPolicy } from '../policy/handoff-policy.ts';

export interface HandoffOptions {
  skills?: string[];
  priority?: number;
  reason: string;
  actor: Actor;
  /** For the waiting and off-hours messages (policy/handoff-policy.ts). */
  ids: IdGenerator;
}

/**
 * bot/script → waiting, then routing. The queue key (R2) is fixed here, once:
 * handoff time − base priority in seconds, and kept if it ever returns to waiting.
 */
/**
 * A routing session, or how to begin one: begun as late as possible, the workspace lock is held for less.
 * Or, for a conversation this unit of work created, routing deferred until after COMMIT: the hand-off is
 * stored pending and joins the routing group commit (routing/pending-handoffs.ts); `begin` for anything else.
 */
export type RoutingHandle = RoutingSession | (() => Promise<RoutingSession>) | DeferredRouting;

export interface DeferredRouting {
  defer(handoff: PendingHandoff): void;
  begin(): Promise<RoutingSession>;
}

const isDeferred = (handle: RoutingHandle): handle is DeferredRouting => typeof handle === 'object' && 'defer' in handle;

const sessionOf = (handle: RoutingHandle) =>
  typeof handle === 'function' ? handle() : isDeferred(handle) ? handle.begin() : Promise.resolve(handle);

/** Returns the session that routed it, or null when routing was deferred past COMMIT (or never needed). */
export async function handoffConversation(tx: Tx, routing: RoutingHandle, conv: ConversationRow, opts: HandoffOptions): Promise<RoutingSession | null> {
  if (!isConversationStatus(conv.status) || !isAutomated(conv.status)) {
    throw new DomainError('INVALID_TRANSITION', `cannot hand off a conversation that is ${conv.status}`);
  }
  // R11: out of hours the customer hears when agents return, and may not be queued at all.
  const policy = await loadHandoffPolicy(tx, conv);
  const intake = intakeOf(policy, tx.now);
  if (intake.action !== 'queue') {
    await declineOutsideHours(tx, opts.ids, conv, policy, intake, opts.actor);
    return isDeferred(routing) ? null : sessionOf(routing);
  }
  const skills = opts.skills ? normalizeRequiredSkills(opts.skills) : conv.skills;
  const priority = opts.priority ?? conv.priority;
  const queueKey = tx.now - priority * 1000;
  const deferred = isDeferred(routing);
  await updateStatus(tx, conv, 'waiting', {
    skills: JSON.stringify(skills),
    priority,
    queue_key: queueKey,
    handoff_at: tx.now,
    bot_deadline: null,
    ...(deferred && { route_pending_at: tx.now + ROUTE_PENDING_MS }),
  });
  await recordStatusChange(tx, conv.workspace_id, conv.id, conv.status, 'waiting', opts.reason, opts.actor);
  const contact = await tx.db.selectFrom('contacts').select('last_agent_id').where('id', '=', conv.contact_id).executeTakeFirst();
  const handed = { id: conv.id, skills, queueKey, lastAgentId: contact?.last_agent_id ?? null, relaxation: policy.relaxation };
  if (deferred) {
    routing.defer({ workspaceId: conv.workspace_id, conversationId: conv.id, handed, policy, intake, actor: opts.actor });
    return null;
  }
  const session = await sessionOf(routing);
  rememberWritten(tx, { id: conv.id, status: 'waiting', contact_id: conv.contact_id });
  await session.apply({ type: 'handoff', conversation: handed }, opts.actor);
  await afterHandoff(tx, opts.ids, session, conv, policy, intake);
  return session;
}

/** Leaves routing (closed, abandoned, back to bot): the engine frees the agent's load and routes again. */
export async function leaveRouting(tx: Tx, routing: RoutingHandle, conv: ConversationRow, to: 'bot' | 'completed', reason: string, actor: Actor) {
  // A completed conversation keeps its assignee: reports need who handled it.
  await updateStatus(tx, conv, to, {
    // Left before routing was told of its hand-off: nothing is pending any more (pending-handoffs.ts).
    route_pending_at: null,
    ...(to === 'bot' && { assignee_id: null }),
    offer_agent_id: null,
    offer_expires_at: null,
    ...(to === 'completed' && { closed_at: tx.now, close_reason: reason }),
  });
  await recordStatusChange(tx, conv.workspace_id, conv.id, conv.status, to, reason, actor);
  await (await sessionOf(routing)).apply({ type: 'conversation_closed', conversationId: conv.id }, actor, `${to}:${reason}`);
  // R12's service rate: how long an agent held it, folded in under the routing lock.
  if (to === 'completed' && conv.status === 'processing' && conv.assigned_at) {
    (await sessionOf(routing)).completed(conv.skills, (tx.now - conv.assigned_at) / 1000);
  }
}
