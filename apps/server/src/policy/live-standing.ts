import type { BusinessHours } from '@switchboard/core';
import type { QueueStanding } from '@switchboard/protocol';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { statusOf } from './business-hours.ts';
import { channelPolicyFrom } from './policy-settings.ts';
import { standingsOf } from './wait-standing.ts';

type Db = Kysely<DB> | Transaction<DB>;

/**
 * What the widget shows while a conversation waits (R12, live): its
 * position and honest estimate, whether anyone who could take it is ready,
 * and — out of business hours (R11) — when agents return, in the
 * conversation's schedule (its channel's own, else the workspace's). One
 * query set for any number of conversations of one workspace.
 */
export async function liveStandings(db: Db, workspaceId: string, ids: string[], now: number): Promise<Map<string, QueueStanding>> {
  const out = new Map<string, QueueStanding>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('conversations')
    .select(['id', 'workspace_id', 'skills', 'queue_key', 'channel_id'])
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', ids)
    .execute();
  if (rows.length === 0) return out;
  const standings = await standingsOf(db, workspaceId, rows);
  const ws = await db.selectFrom('workspaces').select('business_hours').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const channels = await db
    .selectFrom('channels')
    .select(['id', 'queue_policy'])
    .where('id', 'in', [...new Set(rows.map((r) => r.channel_id))])
    .execute();
  const closedUntil = new Map(
    channels.map((c) => {
      const schedule = channelPolicyFrom(c.queue_policy).businessHours ?? (ws.business_hours as BusinessHours | null);
      const status = statusOf(schedule ?? null, now);
      return [c.id, status.open ? null : status.opensAt] as const;
    }),
  );
  for (const row of rows) {
    const s = standings.get(row.id);
    if (!s) continue;
    out.set(row.id, {
      position: s.position,
      estimatedWaitSeconds: s.estimatedWaitSeconds === null ? null : Math.round(s.estimatedWaitSeconds),
      agentsReady: s.readySeats > 0,
      closedUntil: closedUntil.get(row.channel_id) ?? null,
    });
  }
  return out;
}
