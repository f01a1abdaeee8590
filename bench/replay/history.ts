import { sql } from 'kysely';
import type { Database } from '../../apps/server/src/db/database.ts';

/**
 * The generated month's decisions written as the server writes them into the history (#18): conversation_events
 * rows (status changes into dispatching and back to waiting, offers, withdrawals, assignments, relaxations) and the
 * missed-offer aways as presence_events, in decision order, so a replay's reproduction check reads the history at
 * month size as POST /simulations does (history-reader.ts). The generated month has no conversations or agents rows:
 * the two foreign keys are dropped first, in the bench's own database only (a check reads the rows, it never joins).
 */
export async function writeHistory(db: Database, workspaceId: string, lines: readonly string[]): Promise<{ events: number; aways: number }> {
  await sql`ALTER TABLE conversation_events DROP CONSTRAINT IF EXISTS conversation_events_conversation_id_fkey`.execute(db);
  await sql`ALTER TABLE presence_events DROP CONSTRAINT IF EXISTS presence_events_agent_id_fkey`.execute(db);
  const events: Array<ReturnType<typeof eventRow>> = [];
  const aways: Array<{ workspace_id: string; agent_id: string; at: number; presence: string; reason: string; actor_id: null }> = [];
  const written = { events: 0, aways: 0 };
  const flush = async (all: boolean) => {
    if (events.length >= 5_000 || (all && events.length > 0)) {
      await db.insertInto('conversation_events').values(events).execute();
      written.events += events.length;
      events.length = 0;
    }
    if (aways.length >= 5_000 || (all && aways.length > 0)) {
      await db.insertInto('presence_events').values(aways).execute();
      written.aways += aways.length;
      aways.length = 0;
    }
  };
  for (const line of lines) {
    const [at, kind, ...rest] = line.split(' ');
    if (kind === 'away') aways.push({ workspace_id: workspaceId, agent_id: rest[0], at: Number(at), presence: 'away', reason: 'missed', actor_id: null });
    else events.push(eventRow(workspaceId, Number(at), kind, rest));
    if (events.length >= 5_000 || aways.length >= 5_000) await flush(false);
  }
  await flush(true);
  return written;
}

/** The history row a decision line comes from (the inverse of history-reader.ts's lineOf). */
function eventRow(workspaceId: string, at: number, kind: string, rest: string[]) {
  const [conversationId] = rest;
  const row = (type: string, cause: string, data: Record<string, unknown>, from: string | null = null, to: string | null = null) => ({
    workspace_id: workspaceId,
    conversation_id: conversationId,
    at,
    type,
    from_status: from,
    to_status: to,
    cause,
    actor_type: 'system',
    actor_id: null,
    data: JSON.stringify(data),
  });
  switch (kind) {
    case 'dispatched':
      return row('status_changed', rest[1], {}, 'waiting', 'dispatching');
    case 'requeued':
      return row('status_changed', rest[1], {}, 'dispatching', 'waiting');
    case 'offered':
      return row('offered', rest[3], { agentId: rest[1], expiresAt: Number(rest[2]) });
    case 'withdrawn':
      return row('offer_withdrawn', rest[2], { agentId: rest[1] });
    case 'assigned':
      return row('assigned', rest[2], { agentId: rest[1] });
    case 'relaxed':
      return row('requirements_relaxed', 'waited', { to: rest[1] ? rest[1].split(',') : [] });
    default:
      throw new Error(`unknown decision line ${kind}`);
  }
}
