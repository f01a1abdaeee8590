import { DomainError, normalizeRequiredSkills } from '@switchboard/core';
import type { ConversationRow } from '../db/schema.ts';
import { transactRouting, type Deps } from '../platform/deps.ts';
import type { Tx } from '../platform/tx.ts';
import { getActingAgentRow } from '../agents/agents.ts';
import { recordConversationEvent } from './conversation-history.ts';
import { assertStatus, lockConversation } from './conversation-store.ts';
import { handoffConversation, leaveRouting } from './handoff.ts';
import { actorOf, canSupervise, type Principal } from '../platform/principal.ts';
import { conversationView } from './serialize.ts';
import { noticeCustomer, recordTransfer } from './transfer-notice.ts';
import { tellAfterTransfer } from '../policy/handoff-policy.ts';
import { closeWithAgentTools } from '../agent-tools/close.ts';
import { closes } from '../routing/bulk-close.ts';
import { offerAnswers } from '../routing/bulk-offers.ts';

/**
 * Whom an action is for: an agent acts for itself; the admin token (or a
 * supervisor) may act for an agent named in the body (SPEC §5).
 */
export function actingAgentId(p: Principal, bodyAgentId: string | undefined): string {
  if (bodyAgentId && (canSupervise(p) || bodyAgentId === p.agentId)) return bodyAgentId;
  if (p.agentId) return p.agentId;
  throw new DomainError('VALIDATION_FAILED', 'agentId is required when acting with the admin token');
}

async function reload(tx: Tx, id: string) {
  return conversationView(await tx.db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
}

function assertMayHandle(p: Principal, conv: ConversationRow) {
  if (!canSupervise(p) && conv.assignee_id !== p.agentId) {
    throw new DomainError('FORBIDDEN', 'only the assigned agent or a supervisor may do this');
  }
}

export async function handoff(deps: Deps, p: Principal, id: string, body: { skills?: string[]; priority?: number }) {
  // Issue #11 finding 7: an agent handed another customer's chat to routing at priority 100000.
  // Handing off is the customer's (bot, keyword, script) or a supervisor's call, not an agent's.
  if (!canSupervise(p)) throw new DomainError('FORBIDDEN', 'only a supervisor or admin may hand a conversation to routing');
  return transactRouting(deps, p.workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const conv = await lockConversation(tx, p.workspaceId, id);
    await handoffConversation(tx, routing, conv, { ...body, reason: 'api', actor: actorOf(p), ids: deps.ids });
    return reload(tx, id);
  });
}

export async function acceptOffer(deps: Deps, p: Principal, id: string, bodyAgentId?: string) {
  return answerOffer(deps, p, id, bodyAgentId, 'offer_accepted');
}

export async function rejectOffer(deps: Deps, p: Principal, id: string, bodyAgentId?: string) {
  return answerOffer(deps, p, id, bodyAgentId, 'offer_rejected');
}

async function answerOffer(deps: Deps, p: Principal, id: string, bodyAgentId: string | undefined, type: 'offer_accepted' | 'offer_rejected') {
  const agentId = actingAgentId(p, bodyAgentId);
  // Done with the batch's other answers (routing/bulk-offers.ts); this unit answers one the batch did not take, with its error.
  const request = { conversationId: id, agentId, type, actor: actorOf(p) };
  return deps.routing.batches.bulk(deps, p.workspaceId, offerAnswers, request, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    await getActingAgentRow(tx, p.workspaceId, agentId);
    const conv = await lockConversation(tx, p.workspaceId, id);
    if (conv.status !== 'dispatching' || conv.offer_agent_id !== agentId) {
      throw new DomainError('NOT_OFFERED', `conversation ${id} has no pending offer for agent ${agentId}`);
    }
    if (type === 'offer_rejected') await recordConversationEvent(tx, p.workspaceId, id, 'offer_rejected', 'rejected', actorOf(p), { agentId });
    await routing.apply({ type, conversationId: id, agentId }, { actorType: 'agent', actorId: agentId });
    return reload(tx, id);
  });
}

export async function closeConversation(deps: Deps, p: Principal, id: string, reason = 'closed_by_agent', tags?: string[]) {
  const work = (tx: Tx) => closeOne(deps, tx, p, id, reason, tags);
  // Tags given: set by this close's own unit. Otherwise the batch closes it with its other closes, the agent
  // tools' work included (routing/bulk-close.ts), this unit being the fallback that answers the rest.
  if (tags !== undefined) return transactRouting(deps, p.workspaceId, work);
  const request = { conversationId: id, reason, actor: actorOf(p), supervisor: canSupervise(p), agentId: p.agentId ?? null };
  return deps.routing.batches.bulk(deps, p.workspaceId, closes, request, work);
}

async function closeOne(deps: Deps, tx: Tx, p: Principal, id: string, reason: string, tags: string[] | undefined) {
  const routing = await deps.routing.begin(tx, p.workspaceId);
  const conv = await lockConversation(tx, p.workspaceId, id);
  assertStatus(conv, ['bot', 'script', 'waiting', 'dispatching', 'processing'], 'close');
  if (conv.status === 'processing') assertMayHandle(p, conv);
  else if (!canSupervise(p) && p.agentId) throw new DomainError('FORBIDDEN', 'only a supervisor may close a conversation nobody has');
  // Tags, wrap-up and the satisfaction survey (agent tools) around the close itself.
  await closeWithAgentTools(tx, deps, routing, p, conv, tags, () => leaveRouting(tx, routing, conv, 'completed', reason, actorOf(p)));
  return reload(tx, id);
}

export async function transferConversation(deps: Deps, p: Principal, id: string, body: { agentId?: string; skills?: string[]; note?: string }) {
  if (!body.agentId && !body.skills) throw new DomainError('VALIDATION_FAILED', 'transfer needs agentId or skills');
  return transactRouting(deps, p.workspaceId, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const conv = await lockConversation(tx, p.workspaceId, id);
    assertStatus(conv, ['processing'], 'transfer');
    assertMayHandle(p, conv);
    const actor = actorOf(p);
    const target = body.agentId ? await getActingAgentRow(tx, p.workspaceId, body.agentId) : null;
    const to = { agentId: body.agentId, agentName: target?.name, skills: body.skills, note: body.note?.trim() || undefined };
    await recordTransfer(tx, p, conv, to);
    await noticeCustomer(tx, deps, conv, to);
    if (body.agentId) {
      await routing.apply({ type: 'transferred_to_agent', conversationId: id, agentId: body.agentId }, actor);
    } else {
      const skills = normalizeRequiredSkills(body.skills ?? []);
      await tx.db.updateTable('conversations').set({ skills: JSON.stringify(skills) }).where('id', '=', id).execute();
      await routing.apply({ type: 'transferred_to_skills', conversationId: id, skills }, actor);
      await tellAfterTransfer(tx, deps.ids, routing, id);
    }
    return reload(tx, id);
  });
}
