import {
  DEFAULT_CONVERSATION_TIMERS,
  DomainError,
  validateBusinessHours,
  validateRelaxationPolicy,
  type BusinessHours,
  type ConversationTimerSettings,
  type RelaxationPolicy,
} from '@switchboard/core';

/**
 * The queue-policy settings (SPEC R10–R13) as stored: the R13/R14 timers and
 * SLA figures live in the workspace's routing_settings JSON (they are
 * `PATCH /settings/routing` fields), the schedule in workspaces.business_hours,
 * intake and message texts in workspaces.queue_policy, and a channel's own
 * policy in channels.queue_policy.
 */

export interface WorkspaceQueuePolicy {
  queueOutsideHours: boolean;
  offHoursMessage: string | null;
}

export interface ChannelQueuePolicy {
  relaxTo?: string[] | null;
  relaxAfterSeconds?: number | null;
  relaxWhenNoneOnline?: boolean;
  waitingMessage?: string | null;
  offHoursMessage?: string | null;
  /** R12: 0 = never repeat on this channel; null/absent = the workspace's setting. */
  waitingRepeatSeconds?: number | null;
  businessHours?: BusinessHours | null;
}

/** The routing_settings fields this room owns, with the SPEC defaults. */
export interface PolicyRoutingSettings extends ConversationTimerSettings {
  disconnectGraceSeconds: number;
  visitorGraceSeconds: number;
  serviceLevelSeconds: number;
  serviceLevelTarget: number;
  customerIdleMessage: string | null;
  waitingMessage: string | null;
  /** R12: the waiting message again every this many seconds while it waits; null = once. */
  waitingRepeatSeconds: number | null;
  relaxation: RelaxationPolicy | null;
}

export const DEFAULT_POLICY_ROUTING: PolicyRoutingSettings = {
  ...DEFAULT_CONVERSATION_TIMERS,
  disconnectGraceSeconds: 60,
  visitorGraceSeconds: 120,
  serviceLevelSeconds: 20,
  serviceLevelTarget: 0.8,
  customerIdleMessage: null,
  waitingMessage: null,
  waitingRepeatSeconds: null,
  relaxation: null,
};

export const POLICY_ROUTING_KEYS = Object.keys(DEFAULT_POLICY_ROUTING) as Array<keyof PolicyRoutingSettings>;

export function policyRoutingFrom(stored: Record<string, unknown>): PolicyRoutingSettings {
  const out = { ...DEFAULT_POLICY_ROUTING } as Record<string, unknown>;
  for (const key of POLICY_ROUTING_KEYS) if (stored[key] !== undefined) out[key] = stored[key];
  return out as unknown as PolicyRoutingSettings;
}

export function workspacePolicyFrom(stored: Record<string, unknown> | null | undefined): WorkspaceQueuePolicy {
  return {
    queueOutsideHours: stored?.queueOutsideHours !== false,
    offHoursMessage: typeof stored?.offHoursMessage === 'string' ? stored.offHoursMessage : null,
  };
}

export function channelPolicyFrom(stored: Record<string, unknown> | null | undefined): ChannelQueuePolicy {
  return (stored ?? {}) as ChannelQueuePolicy;
}

/** The channel's R10 policy, else the workspace default; null = none. */
export function relaxationFor(channel: ChannelQueuePolicy, workspace: PolicyRoutingSettings): RelaxationPolicy | null {
  if (Array.isArray(channel.relaxTo)) {
    return { relaxTo: channel.relaxTo, relaxAfterSeconds: channel.relaxAfterSeconds ?? null, relaxWhenNoneOnline: channel.relaxWhenNoneOnline ?? false };
  }
  return workspace.relaxation;
}

/** The channel's repetition, else the workspace's; null = the waiting message is sent once. */
export function waitingRepeatFor(channel: ChannelQueuePolicy, workspace: PolicyRoutingSettings): number | null {
  const own = channel.waitingRepeatSeconds;
  if (own === 0) return null;
  return own ?? workspace.waitingRepeatSeconds ?? null;
}

/** VALIDATION_FAILED with `{path, message}[]` details, or nothing. */
export function assertSchedule(schedule: BusinessHours, prefix = ''): void {
  const errors = validateBusinessHours(schedule);
  if (errors.length === 0) return;
  const details = errors.map((e) => ({ path: `${prefix}${e.path}`, message: e.message }));
  throw new DomainError('VALIDATION_FAILED', `invalid business hours: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
}

export function assertRelaxation(policy: RelaxationPolicy, prefix = ''): void {
  const errors = validateRelaxationPolicy(policy);
  if (errors.length === 0) return;
  const details = errors.map((e) => ({ path: `${prefix}${e.path}`, message: e.message }));
  throw new DomainError('VALIDATION_FAILED', `invalid relaxation policy: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, details);
}

/** A schedule as stored: only the fields core reads. */
export function scheduleOf(input: BusinessHours): BusinessHours {
  return {
    timezone: input.timezone,
    weekly: input.weekly,
    ...(input.closedDates && { closedDates: input.closedDates }),
    ...(input.specialDates && { specialDates: input.specialDates }),
  };
}
