import { canTransition, DomainError, isConversationStatus, type RoutingDecision, type RoutingEngine } from '@switchboard/core';
import { sql, type RawBuilder } from 'kysely';
import type { NewConversationEvent } from '../db/schema.ts';
import type { Tx } from '../platform/tx.ts';
import { anyOf, rowsOf } from '../db/unnest.ts';
import { insertHistory } from '../db/history-rows.ts';

interface Cause {
  actorType: string;
  actorId: string | null;
}

/** What one batch of decisions writes: history rows in decision order, and who got work. */
interface Plan {
  history: NewConversationEvent[];
  assigned: Map<string, string>; // conversation → agent
  away: string[];
}

/**
 * Persists the engine's decisions in a fixed number of statements, however
 * many there are: the touched conversations are read and locked once (in id
 * order, as every statement that locks several conversations does), each is
 * written once with its final state as a compare-and-set on the status it had
 * (a row in another status means the tables and the engine disagree, and the
 * whole transaction is refused rather than assigning on stale state), and the
 * history rows go in one insert, in decision order.
 */
/** R13: the first-reply deadline an assignment starts (null = off). */
export interface DecisionTimers {
  firstReplyMs: number | null;
}

/**
 * What the routing transaction has not written yet, taken by the statement that writes decisions: the
 * input log's rows (routing-inputs.ts) and `also`, a data-modifying WITH clause (the handle times).
 */
export type PendingInputs = () => { rows: InputWrite[]; also: RawBuilder<unknown> | null };

/** One routing_inputs row as written (routing-inputs.ts); `event` is its JSON text. */
export interface InputWrite {
  workspace_id: string;
  version: number;
  seq: number;
  at: number;
  kind: string;
  event: string;
  note: string | null;
}

/** The INSERT of these input rows: a statement of its own, or with RETURNING a WITH clause. */
export function insertInputs(rows: InputWrite[]) {
  const given = rowsOf(rows, 'r', [
    ['workspace_id', 'text', (r) => r.workspace_id], ['version', 'int8', (r) => r.version], ['seq', 'int4', (r) => r.seq], ['at', 'int8', (r) => r.at],
    ['kind', 'text', (r) => r.kind], ['event', 'jsonb', (r) => r.event], ['note', 'text', (r) => r.note],
  ]);
  return sql`INSERT INTO routing_inputs (workspace_id, version, seq, at, kind, event, note) SELECT * FROM ${given}`;
}

/**
 * Conversations this unit of work wrote itself (and so holds locked) with the status it gave them: the
 * next decisions on them need not read them again under the routing lock (a hand-off: one round trip
 * less while the lock is held). The final write's compare-and-set still checks the status. Per unit of
 * work, used once.
 */
const known = new WeakMap<Tx, Map<string, { id: string; status: string; contact_id: string }>>();

export function rememberWritten(tx: Tx, row: { id: string; status: string; contact_id: string }) {
  const rows = known.get(tx) ?? new Map();
  rows.set(row.id, row);
  known.set(tx, rows);
}

async function touchedRows(tx: Tx, workspaceId: string, ids: string[], mine: Map<string, { id: string; status: string; contact_id: string }> | undefined) {
  const rest = mine ? ids.filter((id) => !mine.has(id)) : ids;
  const read = rest.length
    ? await tx.db.selectFrom('conversations').select(['id', 'status', 'contact_id']).where('workspace_id', '=', workspaceId).where('id', '=', anyOf(rest)).orderBy('id').forUpdate().execute()
    : [];
  return mine ? [...ids.flatMap((id) => (mine.has(id) ? [mine.get(id)!] : [])), ...read] : read;
}

/** `cause`: who or what caused the decisions; one per decision when several events' decisions are written together. */
export async function applyDecisions(
  tx: Tx, workspaceId: string, engine: RoutingEngine, decisions: RoutingDecision[], cause: Cause | Cause[],
  timers: DecisionTimers = { firstReplyMs: null }, inputs: PendingInputs = () => ({ rows: [], also: null }),
) {
  // Used by this step or not, what the unit remembered is stale after it.
  const mine = known.get(tx);
  known.delete(tx);
  if (decisions.length === 0) return;
  const ids = [...new Set(decisions.flatMap((d) => ('conversationId' in d ? [d.conversationId] : [])))];
  const rows = await touchedRows(tx, workspaceId, ids, mine);
  const initial = new Map(rows.map((r) => [r.id, r.status]));
  const plan = planWrites(tx, workspaceId, decisions, initial, cause);
  // Rows recorded earlier in this unit of work go first: history stays in the order things happened.
  plan.history.unshift(...tx.history.splice(0));
  const historyWritten = await writeRouting(tx, engine, ids, initial, plan, rows, timers, inputs);
  if (!historyWritten) tx.history.push(...plan.history);
  for (const agentId of plan.away) await setAgentAway(tx, workspaceId, agentId, 'missed');
}

function planWrites(tx: Tx, workspaceId: string, decisions: RoutingDecision[], initial: Map<string, string>, causes: Cause | Cause[]): Plan {
  const current = new Map(initial);
  const plan: Plan = { history: [], assigned: new Map(), away: [] };
  let cause = Array.isArray(causes) ? causes[0]! : causes;
  const row = (conversationId: string, type: string, reason: string, data: Record<string, unknown> = {}, from: string | null = null, to: string | null = null) =>
    plan.history.push({
      workspace_id: workspaceId, conversation_id: conversationId, at: tx.now, type, from_status: from, to_status: to,
      cause: reason, actor_type: cause.actorType, actor_id: cause.actorId, data: JSON.stringify(data),
    });
  const move = (id: string, to: string, reason: string) => {
    const from = current.get(id);
    if (from === undefined || !isConversationStatus(from) || !isConversationStatus(to) || !canTransition(from, to)) {
      throw new DomainError('CONFLICT', `conversation ${id} is ${from ?? 'missing'}; routing cannot move it to ${to}`);
    }
    // A transfer (or an agent-started conversation) stays `processing`: a new owner, not a new status.
    if (from === to) return;
    current.set(id, to);
    row(id, 'status_changed', reason, {}, from, to);
    tx.emit({ type: 'conversation.status_changed', workspaceId, conversationId: id, data: { id, from, to, reason } });
  };
  for (const [i, d] of decisions.entries()) {
    if (Array.isArray(causes)) cause = causes[i]!;
    switch (d.type) {
      case 'dispatched':
        move(d.conversationId, 'dispatching', d.reason);
        break;
      case 'requeued':
        move(d.conversationId, 'waiting', d.reason);
        break;
      case 'assigned':
        move(d.conversationId, 'processing', d.reason);
        plan.assigned.set(d.conversationId, d.agentId);
        row(d.conversationId, 'assigned', d.reason, { agentId: d.agentId });
        tx.emit({ type: 'conversation.assigned', workspaceId, conversationId: d.conversationId, data: { id: d.conversationId, agentId: d.agentId, reason: d.reason } });
        break;
      case 'offered': {
        const expiresAt = new Date(d.expiresAt).toISOString();
        row(d.conversationId, 'offered', d.reason, { agentId: d.agentId, expiresAt: d.expiresAt });
        tx.emit({ type: 'conversation.offered', workspaceId, agentIds: [d.agentId], data: { id: d.conversationId, agentId: d.agentId, expiresAt, reason: d.reason } });
        break;
      }
      case 'offer_withdrawn':
        row(d.conversationId, 'offer_withdrawn', d.reason, { agentId: d.agentId });
        tx.emit({ type: 'conversation.offer_withdrawn', workspaceId, agentIds: [d.agentId], data: { id: d.conversationId, agentId: d.agentId, reason: d.reason } });
        break;
      case 'relaxed':
        // writeRouting stores the new skills and clears the spent policy with the rest of the final state.
        row(d.conversationId, 'requirements_relaxed', d.reason, { from: d.previousSkills, to: d.skills });
        tx.emit({
          type: 'conversation.requirements_relaxed', workspaceId, conversationId: d.conversationId,
          data: { id: d.conversationId, from: d.previousSkills, to: d.skills, reason: d.reason },
        });
        break;
      case 'agent_away':
        plan.away.push(d.agentId);
        break;
      default: {
        const never: never = d;
        throw new Error(`unknown routing decision ${JSON.stringify(never)}`);
      }
    }
  }
  return plan;
}

/**
 * One statement for all of it: every touched conversation the engine still
 * routes gets its final state, each a CAS on its initial status; assigned
 * agents restart their idle clock and contacts remember their agent (sticky).
 */
async function writeRouting(
  tx: Tx, engine: RoutingEngine, ids: string[], initial: Map<string, string>, plan: Plan, rows: Row[], timers: DecisionTimers, inputs: PendingInputs,
): Promise<boolean> {
  const finals = ids.flatMap((id) => {
    const c = engine.conversation(id);
    return c && initial.has(id) ? [{ id, expected: initial.get(id)!, c }] : [];
  });
  if (finals.length === 0) return false;
  const given = rowsOf(finals, 'v', [
    ['id', 'text', (f) => f.id], ['expected', 'text', (f) => f.expected], ['status', 'text', (f) => f.c.status], ['assignee', 'text', (f) => f.c.agentId],
    ['offer_agent', 'text', (f) => f.c.offer?.agentId ?? null], ['offer_expires', 'int8', (f) => f.c.offer?.expiresAt ?? null],
    ['declined', 'jsonb', (f) => JSON.stringify(f.c.declinedBy)], ['skills', 'jsonb', (f) => JSON.stringify(f.c.skills)],
    ['relaxation', 'jsonb', (f) => (f.c.relaxation ? JSON.stringify(f.c.relaxation) : null)], ['relax_at', 'int8', (f) => f.c.relaxAt ?? null],
    ['assigned', 'bool', (f) => plan.assigned.has(f.id)],
  ]);
  const firstReplyAt = timers.firstReplyMs === null ? null : tx.now + timers.firstReplyMs;
  const pending = inputs();
  const result = await sql`
    WITH ${historyInsert(plan.history)}, inputs AS (${insertInputs(pending.rows)} RETURNING 1), ${pending.also ? sql`${pending.also},` : sql``} ${assignmentUpdates(tx, plan.assigned, rows)}
    UPDATE conversations AS c
    SET status = v.status, assignee_id = v.assignee, offer_agent_id = v.offer_agent, offer_expires_at = v.offer_expires,
        declined_by = v.declined, version = c.version + 1, updated_at = ${tx.now}::int8,
        skills = v.skills, relaxation = v.relaxation, relax_at = v.relax_at,
        assigned_at = CASE WHEN v.assigned THEN ${tx.now}::int8 ELSE c.assigned_at END,
        idle_reminder_at = CASE WHEN v.assigned THEN NULL ELSE c.idle_reminder_at END,
        timer_at = CASE WHEN v.assigned THEN ${firstReplyAt}::int8 ELSE c.timer_at END,
        waiting_repeat_at = CASE WHEN v.assigned THEN NULL ELSE c.waiting_repeat_at END
    FROM ${given}
    WHERE c.id = ${anyOf(finals.map((f) => f.id))} AND c.id = v.id AND c.status = v.expected`.execute(tx.db);
  if (Number(result.numAffectedRows) !== finals.length) throw new DomainError('CONFLICT', 'a conversation changed underneath routing');
  return true;
}

/** The history rows of these decisions, inserted by the same statement (one round trip less under the lock). */
export function historyInsert(history: NewConversationEvent[]) {
  return sql`history AS (${insertHistory(history)} RETURNING 1)`;
}

type Row = { id: string; contact_id: string };

/** WITH clauses that restart assigned agents' idle clocks and record each contact's last agent (no rows without assignments). */
function assignmentUpdates(tx: Tx, assigned: Map<string, string>, rows: Row[]) {
  const agents = [...new Set(assigned.values())];
  const contacts = rowsOf(
    rows.filter((r) => assigned.has(r.id)),
    's',
    [['id', 'text', (r) => r.contact_id], ['agent', 'text', (r) => assigned.get(r.id)!]],
  );
  const contactIds = rows.filter((r) => assigned.has(r.id)).map((r) => r.contact_id);
  return sql`idle_clock AS (UPDATE agents SET last_assigned_at = ${tx.now}::int8 WHERE id = ${anyOf(agents)} RETURNING 1),
    sticky AS (UPDATE contacts AS ct SET last_agent_id = s.agent FROM ${contacts} WHERE ct.id = ${anyOf(contactIds)} AND ct.id = s.id RETURNING 1)`;
}

async function setAgentAway(tx: Tx, workspaceId: string, agentId: string, reason: string) {
  await tx.db
    .updateTable('agents')
    .set({ presence: 'away', presence_reason: reason, updated_at: new Date(tx.now) })
    .where('id', '=', agentId)
    .where('workspace_id', '=', workspaceId)
    .execute();
  await tx.db.insertInto('presence_events').values({ workspace_id: workspaceId, agent_id: agentId, at: tx.now, presence: 'away', reason, actor_id: null }).execute();
  tx.emit({ type: 'agent.presence_changed', workspaceId, data: { id: agentId, presence: 'away', reason } });
}
