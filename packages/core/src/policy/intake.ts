import { nextOpening, isOpenAt, type BusinessHours } from './business-hours.ts';

/**
 * R11 at the moment a customer asks for a person. Business hours govern
 * intake and messages only: whatever this says, agents who are `ready` out
 * of hours still get work from the queue.
 */

export interface IntakeSettings {
  /** The channel's own schedule if it has one, else the workspace's; null = always open. */
  schedule: BusinessHours | null;
  /** Queue outside hours (SPEC default true) or keep the customer with the bot. */
  queueOutsideHours: boolean;
}

export type HandoffIntake =
  /** In hours: route as usual. */
  | { action: 'queue'; offHours: false }
  /** Out of hours, queued anyway: send the off-hours message saying when agents return. */
  | { action: 'queue'; offHours: true; opensAt: number | null }
  /** Out of hours, not queued: the off-hours message, and the bot keeps the conversation. */
  | { action: 'stay_with_bot'; offHours: true; opensAt: number | null }
  /** Out of hours, not queued, and no bot to stay with: completed, reason `off_hours`. */
  | { action: 'complete'; offHours: true; reason: 'off_hours'; opensAt: number | null };

export function handoffIntake(settings: IntakeSettings, channelHasBot: boolean, now: number): HandoffIntake {
  const { schedule } = settings;
  if (!schedule || isOpenAt(schedule, now)) return { action: 'queue', offHours: false };
  const opensAt = nextOpening(schedule, now);
  if (settings.queueOutsideHours) return { action: 'queue', offHours: true, opensAt };
  if (channelHasBot) return { action: 'stay_with_bot', offHours: true, opensAt };
  return { action: 'complete', offHours: true, reason: 'off_hours', opensAt };
}

/** A channel's own schedule wins over the workspace's. */
export function scheduleFor(channel: BusinessHours | null | undefined, workspace: BusinessHours | null | undefined): BusinessHours | null {
  return channel ?? workspace ?? null;
}
