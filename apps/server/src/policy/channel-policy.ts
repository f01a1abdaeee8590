import type { BusinessHours } from '@switchboard/core';
import { assertRelaxation, assertSchedule, channelPolicyFrom, scheduleOf, type ChannelQueuePolicy } from './policy-settings.ts';

/** The queue-policy fields of POST/PATCH /channels (SPEC §5 "Queue policy"). */
export interface ChannelPolicyInput {
  relaxTo?: string[] | null;
  relaxAfterSeconds?: number | null;
  relaxWhenNoneOnline?: boolean;
  waitingMessage?: string | null;
  offHoursMessage?: string | null;
  waitingRepeatSeconds?: number | null;
  businessHours?: BusinessHours | null;
}

const KEYS = ['relaxTo', 'relaxAfterSeconds', 'relaxWhenNoneOnline', 'waitingMessage', 'offHoursMessage', 'waitingRepeatSeconds', 'businessHours'] as const;

/** Whether the input touches the channel's policy at all (PATCH leaves it alone otherwise). */
export function touchesPolicy(input: ChannelPolicyInput): boolean {
  return KEYS.some((k) => input[k] !== undefined);
}

/**
 * The stored policy after applying the input, validated as a whole: a
 * relaxation that can never apply, or a schedule core refuses, is a 400 with
 * `{path, message}` details at save time, never a surprise at a handoff.
 */
export function mergeChannelPolicy(stored: Record<string, unknown> | null | undefined, input: ChannelPolicyInput): ChannelQueuePolicy {
  const next: Record<string, unknown> = { ...channelPolicyFrom(stored) };
  for (const key of KEYS) if (input[key] !== undefined) next[key] = input[key];
  const policy = next as ChannelQueuePolicy;
  if (policy.businessHours) {
    policy.businessHours = scheduleOf(policy.businessHours);
    assertSchedule(policy.businessHours, 'businessHours.');
  }
  if (Array.isArray(policy.relaxTo)) {
    assertRelaxation({ relaxTo: policy.relaxTo, relaxAfterSeconds: policy.relaxAfterSeconds ?? null, relaxWhenNoneOnline: policy.relaxWhenNoneOnline ?? false });
  }
  return policy;
}

/** The policy as a client sees it on the channel item. */
export function channelPolicyView(stored: Record<string, unknown> | null | undefined) {
  const p = channelPolicyFrom(stored);
  return {
    relaxTo: p.relaxTo ?? null,
    relaxAfterSeconds: p.relaxAfterSeconds ?? null,
    relaxWhenNoneOnline: p.relaxWhenNoneOnline ?? false,
    waitingMessage: p.waitingMessage ?? null,
    offHoursMessage: p.offHoursMessage ?? null,
    waitingRepeatSeconds: p.waitingRepeatSeconds ?? null,
    businessHours: p.businessHours ?? null,
  };
}
