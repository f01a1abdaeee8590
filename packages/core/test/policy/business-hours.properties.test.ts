import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  currentCloses,
  hoursOn,
  isOpenAt,
  minuteOf,
  nextOpening,
  validateBusinessHours,
  wallClockOf,
  type BusinessHours,
  type OpenInterval,
} from '../../src/index.ts';

const ZONES = ['Asia/Taipei', 'Asia/Tokyo', 'Europe/London', 'America/New_York'];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HOUR = 3_600_000;

/** Sorted, non-overlapping intervals on a half-hour grid, some ending at 24:00. */
const dayArb: fc.Arbitrary<OpenInterval[]> = fc.uniqueArray(fc.integer({ min: 0, max: 48 }), { maxLength: 6 }).map((cuts) => {
  const sorted = cuts.sort((a, b) => a - b);
  const intervals: OpenInterval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) intervals.push([time(sorted[i]), time(sorted[i + 1])]);
  return intervals;
});

const scheduleArb: fc.Arbitrary<BusinessHours> = fc.record({
  timezone: fc.constantFrom(...ZONES),
  weekly: fc.tuple(...DAYS.map(() => dayArb)).map((days) => Object.fromEntries(DAYS.map((d, i) => [d, days[i]]))),
});

// Any minute of 2026, with the DST changes of London and New York inside.
const instantArb = fc.integer({ min: 0, max: 365 * 24 * 60 }).map((m) => Date.UTC(2026, 0, 1) + m * 60_000);

describe('business hours under random schedules and instants', () => {
  test('open, next opening and current closing agree with each other', () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, (schedule, t) => {
        expect(validateBusinessHours(schedule)).toEqual([]);
        const open = isOpenAt(schedule, t);
        expect(nextOpening(schedule, t) === t).toBe(open);
        if (open) {
          const closes = currentCloses(schedule, t);
          if (closes !== null) {
            expect(closes).toBeGreaterThan(t);
            expect([isOpenAt(schedule, closes - 1), isOpenAt(schedule, closes)]).toEqual([true, false]);
          }
        } else {
          const opens = nextOpening(schedule, t);
          expect(currentCloses(schedule, t)).toBeNull();
          if (opens !== null) expect([isOpenAt(schedule, opens - 1), isOpenAt(schedule, opens)]).toEqual([false, true]);
        }
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  test('away from a clock change, open means the local time is inside one of the day’s intervals', () => {
    fc.assert(
      fc.property(scheduleArb, instantArb, (schedule, t) => {
        const zone = schedule.timezone;
        const offset = (at: number) => Date.parse(`${wallClockOf(zone, at).date}T00:00:00Z`) + wallClockOf(zone, at).minute * 60_000 - at;
        fc.pre(offset(t - 3 * HOUR) === offset(t) && offset(t + 3 * HOUR) === offset(t));
        const { date, minute } = wallClockOf(zone, t);
        const inside = hoursOn(schedule, date).some(([start, end]) => minuteOf(start) <= minute && minute < minuteOf(end));
        expect(isOpenAt(schedule, t)).toBe(inside);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

function time(halfHours: number): string {
  const minutes = halfHours * 30;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
