import { transact, type Deps } from '../platform/deps.ts';
import { routingSettingsFrom } from './load-snapshot.ts';
import type { RoutingSettings } from '@switchboard/core';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';
import { assertRelaxation, policyRoutingFrom, type PolicyRoutingSettings } from '../policy/policy-settings.ts';
import { agentLoadSql } from '../policy/wait-standing.ts';

/** GET /routing, read from the tables (the truth), not from any process's cache. */
export async function routingOverview(deps: Deps, p: Principal) {
  const ws = await deps.db.selectFrom('workspaces').select('routing_settings').where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  const settings = routingSettingsFrom(ws.routing_settings);
  const agents = await deps.db
    .selectFrom('agents')
    .select(['id', 'name', 'presence', 'presence_reason', 'capacity'])
    .select(agentLoadSql.as('load'))
    .where('workspace_id', '=', p.workspaceId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  const groups = await deps.db
    .selectFrom('conversations')
    .select(['skills', 'status'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('queue_key').as('oldest')])
    .where('workspace_id', '=', p.workspaceId)
    .where('status', 'in', ['waiting', 'dispatching'])
    .groupBy(['skills', 'status'])
    .execute();
  const readyAgents = agents.filter((a) => a.presence === 'ready').length;
  const count = (status: string) => groups.filter((g) => g.status === status).reduce((n, g) => n + Number(g.n), 0);
  return {
    mode: settings.mode,
    readyAgents,
    dispatchLimit: readyAgents * settings.dispatchPerAgent,
    dispatching: count('dispatching'),
    waiting: count('waiting'),
    agents: agents.map((a) => ({ id: a.id, name: a.name, presence: a.presence, reason: a.presence_reason, load: Number(a.load), capacity: a.capacity })),
    groups: groupStats(groups),
  };
}

function groupStats(rows: Array<{ skills: string[]; status: string; n: number; oldest: unknown }>) {
  const byKey = new Map<string, { skills: string[]; waiting: number; dispatching: number; oldestWaitingSince: string | null }>();
  for (const r of rows) {
    const key = JSON.stringify(r.skills);
    const g = byKey.get(key) ?? { skills: r.skills, waiting: 0, dispatching: 0, oldestWaitingSince: null };
    if (r.status === 'waiting') {
      g.waiting = Number(r.n);
      g.oldestWaitingSince = r.oldest === null ? null : new Date(Number(r.oldest)).toISOString();
    } else g.dispatching = Number(r.n);
    byKey.set(key, g);
  }
  return [...byKey.values()];
}

export function settingsView(s: RoutingSettings) {
  return {
    mode: s.mode,
    dispatchPerAgent: s.dispatchPerAgent,
    offerTimeoutSeconds: s.offerTimeoutMs / 1000,
    stickyAgent: s.stickyAgent,
    offlinePolicy: s.offlinePolicy,
    // The queue-policy fields (SPEC R10–R14) are stored beside the engine's; the engine ignores them.
    ...policyRoutingFrom(s as unknown as Record<string, unknown>),
  };
}

export async function getRoutingSettings(deps: Deps, p: Principal) {
  const ws = await deps.db.selectFrom('workspaces').select('routing_settings').where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  return settingsView(routingSettingsFrom(ws.routing_settings));
}

export interface RoutingSettingsPatch extends Partial<PolicyRoutingSettings> {
  mode?: 'auto' | 'offer';
  dispatchPerAgent?: number;
  offerTimeoutSeconds?: number;
  stickyAgent?: boolean;
  offlinePolicy?: 'keep' | 'requeue';
}

export async function updateRoutingSettings(deps: Deps, p: Principal, patch: RoutingSettingsPatch) {
  if (patch.relaxation) assertRelaxation(patch.relaxation, 'relaxation.');
  return transact(deps, async (tx) => {
    const routing = await deps.routing.begin(tx, p.workspaceId);
    const { offerTimeoutSeconds, ...rest } = patch;
    const next: RoutingSettings = {
      ...routing.settings,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      ...(offerTimeoutSeconds !== undefined && { offerTimeoutMs: offerTimeoutSeconds * 1000 }),
    };
    await tx.db.updateTable('workspaces').set({ routing_settings: JSON.stringify(next) }).where('id', '=', p.workspaceId).execute();
    // The waiting message and relaxation in every channel's hand-off policy (policy/handoff-policy.ts).
    tx.onCommit(() => deps.policies.clear());
    await routing.apply({ type: 'settings_changed', settings: next }, { actorType: 'admin', actorId: p.agentId });
    await recordAudit(tx, p, 'settings.routing_updated', 'workspace', p.workspaceId, settingsView(routing.settings), settingsView(next));
    return settingsView(next);
  });
}
