import { sql } from 'kysely';
import { setPresence } from '../agents/agents.ts';
import { abandonQueued } from '../conversations/abandon.ts';
import type { Deps } from '../platform/deps.ts';
import { MIN_GRACE_MS } from './heartbeat.ts';

const graceMs = (setting: string, fallbackSeconds: number) =>
  sql<number>`GREATEST(${MIN_GRACE_MS}::int8, COALESCE((w.routing_settings->>${setting})::int8, ${fallbackSeconds}::int8) * 1000)`;

/**
 * R14: an agent whose last console socket closed (no process has seen one for
 * disconnectGraceSeconds, default 60) is set offline, reason `disconnected`,
 * through the same presence use-case as a person's click, so pending offers
 * are withdrawn and routing moves on. The heartbeat column is cleared: the
 * agent's presence is no longer followed until a console connects again.
 */
export async function expireDisconnectedAgents(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  // Claimed by clearing the column (one process wins each agent); put back if the presence change fails, to retry.
  const { rows } = await sql<{ id: string; workspace_id: string; presence: string; seen: number }>`
    WITH due AS (
      SELECT a.id, a.console_seen_at FROM agents a JOIN workspaces w ON w.id = a.workspace_id
      WHERE a.console_seen_at IS NOT NULL AND a.console_seen_at < ${now}::int8 - ${graceMs('disconnectGraceSeconds', 60)}
      FOR UPDATE OF a SKIP LOCKED
    )
    UPDATE agents SET console_seen_at = NULL FROM due WHERE agents.id = due.id
    RETURNING agents.id, agents.workspace_id, agents.presence, due.console_seen_at AS seen`.execute(deps.db);
  for (const a of rows) {
    if (a.presence === 'offline') continue;
    try {
      await setPresence(deps, { workspaceId: a.workspace_id, role: 'admin', agentId: null, kind: 'system' }, a.id, 'offline', 'disconnected');
    } catch (error) {
      deps.log.warn({ err: error, agentId: a.id }, 'could not set a disconnected agent offline; retrying');
      await sql`UPDATE agents SET console_seen_at = ${a.seen}::int8 WHERE id = ${a.id} AND console_seen_at IS NULL`.execute(deps.db);
    }
  }
  return rows.length;
}

/**
 * R14: a web-chat visitor queued (waiting or dispatching) with no page open
 * anywhere for visitorGraceSeconds (default 120) has left: completed, reason
 * `abandoned`, as if they had pressed End chat.
 */
export async function expireGoneVisitors(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const { rows } = await sql<{ channel_id: string; contact_id: string; workspace_id: string }>`
    SELECT s.channel_id, s.contact_id, s.workspace_id
    FROM webchat_sessions s JOIN workspaces w ON w.id = s.workspace_id
    JOIN conversations c ON c.channel_id = s.channel_id AND c.contact_id = s.contact_id AND c.status IN ('waiting', 'dispatching')
    WHERE s.seen_at IS NOT NULL
    GROUP BY s.channel_id, s.contact_id, s.workspace_id, w.routing_settings
    HAVING max(s.seen_at) < ${now}::int8 - ${graceMs('visitorGraceSeconds', 120)}`.execute(deps.db);
  let abandoned = 0;
  for (const r of rows) if ((await abandonQueued(deps, r.workspace_id, r.channel_id, r.contact_id)).abandoned) abandoned++;
  return abandoned;
}
