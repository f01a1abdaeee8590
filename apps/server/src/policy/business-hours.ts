import { businessHoursStatus, wallClockOf, type BusinessHours } from '@switchboard/core';
import { transact, type Deps } from '../platform/deps.ts';
import type { Principal } from '../platform/principal.ts';
import { recordAudit } from '../security/audit.ts';
import { assertSchedule, scheduleOf, workspacePolicyFrom } from './policy-settings.ts';

export interface BusinessHoursInput extends BusinessHours {
  queueOutsideHours?: boolean;
  offHoursMessage?: string | null;
}

/** GET /settings/business-hours: the schedule (null = always open) and the intake settings. */
export async function getBusinessHours(deps: Deps, p: Principal) {
  const ws = await deps.db.selectFrom('workspaces').select(['business_hours', 'queue_policy']).where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  return view(ws.business_hours as BusinessHours | null, ws.queue_policy);
}

function view(schedule: BusinessHours | null, stored: Record<string, unknown>) {
  const policy = workspacePolicyFrom(stored);
  return {
    timezone: schedule?.timezone ?? null,
    weekly: schedule?.weekly ?? null,
    closedDates: schedule?.closedDates ?? [],
    specialDates: schedule?.specialDates ?? {},
    queueOutsideHours: policy.queueOutsideHours,
    offHoursMessage: policy.offHoursMessage,
  };
}

/** PUT /settings/business-hours (SPEC §5): the whole schedule, checked by core before it is stored. */
export async function putBusinessHours(deps: Deps, p: Principal, input: BusinessHoursInput) {
  const schedule = scheduleOf(input);
  assertSchedule(schedule);
  return transact(deps, async (tx) => {
    const ws = await tx.db.selectFrom('workspaces').select(['business_hours', 'queue_policy']).where('id', '=', p.workspaceId).forUpdate().executeTakeFirstOrThrow();
    const policy = {
      ...ws.queue_policy,
      ...(input.queueOutsideHours !== undefined && { queueOutsideHours: input.queueOutsideHours }),
      ...(input.offHoursMessage !== undefined && { offHoursMessage: input.offHoursMessage }),
    };
    await tx.db
      .updateTable('workspaces')
      .set({ business_hours: JSON.stringify(schedule), queue_policy: JSON.stringify(policy) })
      .where('id', '=', p.workspaceId)
      .execute();
    tx.onCommit(() => deps.policies.clear());
    const after = view(schedule, policy);
    await recordAudit(tx, p, 'settings.business_hours_updated', 'workspace', p.workspaceId, view(ws.business_hours as BusinessHours | null, ws.queue_policy), after);
    return after;
  });
}

/** DELETE /settings/business-hours: always open again. */
export function clearBusinessHours(deps: Deps, p: Principal) {
  return transact(deps, async (tx) => {
    const ws = await tx.db.selectFrom('workspaces').select(['business_hours', 'queue_policy']).where('id', '=', p.workspaceId).forUpdate().executeTakeFirstOrThrow();
    await tx.db.updateTable('workspaces').set({ business_hours: null }).where('id', '=', p.workspaceId).execute();
    tx.onCommit(() => deps.policies.clear());
    const after = view(null, ws.queue_policy);
    await recordAudit(tx, p, 'settings.business_hours_cleared', 'workspace', p.workspaceId, view(ws.business_hours as BusinessHours | null, ws.queue_policy), after);
    return after;
  });
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** An instant as the schedule's wall clock: what "closed until Mon 09:00" prints. */
export function localMoment(zone: string, instant: number) {
  const { date, minute } = wallClockOf(zone, instant);
  const whole = Math.floor(minute);
  const time = `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
  return { at: new Date(instant).toISOString(), date, weekday: WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!, time };
}

/** The board's line for one schedule: open until …, closed until …, or always open (no schedule). */
export function statusOf(schedule: BusinessHours | null, now: number) {
  if (!schedule) return { open: true, alwaysOpen: true, timezone: null, closesAt: null, opensAt: null };
  const status = businessHoursStatus(schedule, now);
  const moment = (t: number | null) => (t === null ? null : localMoment(schedule.timezone, t));
  return status.open
    ? { open: true, alwaysOpen: false, timezone: schedule.timezone, closesAt: moment(status.closesAt), opensAt: null }
    : { open: false, alwaysOpen: false, timezone: schedule.timezone, closesAt: null, opensAt: moment(status.opensAt) };
}

/** GET /settings/business-hours/status: the workspace's, and each channel's with its own schedule. */
export async function businessHoursNow(deps: Deps, p: Principal) {
  const now = deps.clock.now();
  const ws = await deps.db.selectFrom('workspaces').select('business_hours').where('id', '=', p.workspaceId).executeTakeFirstOrThrow();
  const channels = await deps.db.selectFrom('channels').select(['id', 'name', 'queue_policy']).where('workspace_id', '=', p.workspaceId).orderBy('id').execute();
  const own = channels.filter((c) => c.queue_policy.businessHours);
  return {
    now: new Date(now).toISOString(),
    workspace: statusOf(ws.business_hours as BusinessHours | null, now),
    channels: own.map((c) => ({ id: c.id, name: c.name, ...statusOf(c.queue_policy.businessHours as BusinessHours, now) })),
  };
}
