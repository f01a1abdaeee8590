import { sql } from 'kysely';
import { recordConversationEvent } from '../conversations/conversation-history.ts';
import { conversationView } from '../conversations/serialize.ts';
import type { ConversationRow } from '../db/schema.ts';
import { anyOf, rowsOf } from '../db/unnest.ts';
import type { IdGenerator } from '../platform/ids.ts';
import type { Actor } from '../platform/principal.ts';
import type { Tx } from '../platform/tx.ts';
import type { BulkKind } from './routing-batches.ts';
import type { RoutingSession } from './routing-service.ts';

/** An agent's answer to an offer (offer mode), as data: what the batch needs to do it for many at once. */
export interface OfferAnswer {
  conversationId: string;
  agentId: string;
  type: 'offer_accepted' | 'offer_rejected';
  actor: Actor;
}

/**
 * A batch's offer answers in a fixed number of statements however many
 * (decision 0041): one statement takes the conversations still offered to
 * the answering agent (rows locked in id order), the engine hears every
 * answer, one statement writes all its decisions (apply-decisions.ts), one
 * reads the conversations as they now are. An answer the statement did not
 * take (the offer expired or was withdrawn, another agent's, unknown, the same
 * conversation twice) answers null: its own unit of work then runs and gives
 * its error (NOT_OFFERED …) as it always did.
 */
async function answerAll(tx: Tx, session: RoutingSession, _ids: IdGenerator, workspaceId: string, items: OfferAnswer[]) {
  const first = items.filter((a, i) => items.findIndex((x) => x.conversationId === a.conversationId) === i);
  const asked = rowsOf(first, 'asked', [['id', 'text', (a) => a.conversationId], ['agent', 'text', (a) => a.agentId]]);
  const { rows } = await sql<{ id: string }>`
    SELECT c.id FROM conversations AS c JOIN ${asked} ON asked.id = c.id
    WHERE c.id = ${anyOf(first.map((a) => a.conversationId))} AND c.workspace_id = ${workspaceId}
      AND c.status = 'dispatching' AND c.offer_agent_id = asked.agent
    ORDER BY c.id FOR UPDATE OF c`.execute(tx.db);
  const held = new Set(rows.map((r) => r.id));
  const taken = first.filter((a) => held.has(a.conversationId));
  if (taken.length === 0) return items.map(() => null);
  for (const a of taken) {
    if (a.type === 'offer_rejected') await recordConversationEvent(tx, workspaceId, a.conversationId, 'offer_rejected', 'rejected', a.actor, { agentId: a.agentId });
  }
  await session.applyAll(
    taken.map((a) => ({ event: { type: a.type, conversationId: a.conversationId, agentId: a.agentId }, cause: { actorType: 'agent', actorId: a.agentId } })),
  );
  const after = await tx.db.selectFrom('conversations').selectAll().where('id', '=', anyOf(taken.map((a) => a.conversationId))).execute();
  const byId = new Map(after.map((r: ConversationRow) => [r.id, r]));
  return items.map((a) => (taken.includes(a) ? conversationView(byId.get(a.conversationId)!) : null));
}

/** Offer answers as a routing batch does them together (routing-batches.ts); the relay's name for them. */
export const offerAnswers: BulkKind<OfferAnswer> = { relayName: 'offer-answer', all: answerAll };
