import { describe, expect, test } from 'vitest';
import { handoffIntake, scheduleFor, validateRelaxationPolicy, type BusinessHours } from '../../src/index.ts';

const taipei: BusinessHours = { timezone: 'Asia/Taipei', weekly: { tue: [['09:00', '18:00']], wed: [['09:00', '18:00']] } };
// Tuesday 2026-12-01: 10:00 and 23:00 in Taipei.
const inHours = Date.parse('2026-12-01T02:00:00Z');
const night = Date.parse('2026-12-01T15:00:00Z');
const wednesdayNine = Date.parse('2026-12-02T01:00:00Z');

describe('a handoff and business hours (R11)', () => {
  test('in hours it queues as usual', () => {
    expect(handoffIntake({ schedule: taipei, queueOutsideHours: false }, true, inHours)).toEqual({ action: 'queue', offHours: false });
  });

  test('at 23:00 with queueOutsideHours it queues and says agents return at 09:00', () => {
    expect(handoffIntake({ schedule: taipei, queueOutsideHours: true }, true, night)).toEqual({ action: 'queue', offHours: true, opensAt: wednesdayNine });
  });

  test('without it the bot keeps the customer, or with no bot it is completed off_hours', () => {
    expect(handoffIntake({ schedule: taipei, queueOutsideHours: false }, true, night)).toEqual({
      action: 'stay_with_bot',
      offHours: true,
      opensAt: wednesdayNine,
    });
    expect(handoffIntake({ schedule: taipei, queueOutsideHours: false }, false, night)).toEqual({
      action: 'complete',
      offHours: true,
      reason: 'off_hours',
      opensAt: wednesdayNine,
    });
  });

  test('no schedule means always open; a channel schedule wins over the workspace one', () => {
    expect(handoffIntake({ schedule: null, queueOutsideHours: false }, false, night)).toEqual({ action: 'queue', offHours: false });
    const workspace: BusinessHours = { timezone: 'UTC', weekly: {} };
    expect(scheduleFor(taipei, workspace)).toBe(taipei);
    expect(scheduleFor(null, workspace)).toBe(workspace);
    expect(scheduleFor(undefined, undefined)).toBeNull();
  });
});

describe('validating a relaxation policy (R10)', () => {
  test('accepts a delay, a none-online condition, or both', () => {
    expect(validateRelaxationPolicy({ relaxTo: [], relaxAfterSeconds: 120 })).toEqual([]);
    expect(validateRelaxationPolicy({ relaxTo: ['english'], relaxWhenNoneOnline: true })).toEqual([]);
  });

  test('refuses a policy that never applies, a bad delay and bad skill names', () => {
    expect(validateRelaxationPolicy({ relaxTo: ['english'] }).map((e) => e.path)).toEqual(['relaxAfterSeconds']);
    expect(validateRelaxationPolicy({ relaxTo: [], relaxAfterSeconds: 0.5 }).map((e) => e.path)).toEqual(['relaxAfterSeconds']);
    expect(validateRelaxationPolicy({ relaxTo: [' '], relaxWhenNoneOnline: true }).map((e) => e.path)).toEqual(['relaxTo']);
  });
});
