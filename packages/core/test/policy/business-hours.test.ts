import { describe, expect, test } from 'vitest';
import { businessHoursStatus, currentCloses, isOpenAt, nextOpening, type BusinessHours, type OpenInterval } from '../../src/index.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const OFFICE: OpenInterval[] = [
  ['09:00', '12:00'],
  ['13:00', '18:00'],
];
const weekdays = (hours: OpenInterval[]) => ({ mon: hours, tue: hours, wed: hours, thu: hours, fri: hours });

describe('business hours in Asia/Taipei (UTC+8, no DST)', () => {
  const taipei: BusinessHours = {
    timezone: 'Asia/Taipei',
    weekly: weekdays(OFFICE),
    closedDates: ['2026-12-25'],
    specialDates: { '2026-12-24': [['10:00', '14:00']] },
  };

  test('opens at 09:00 sharp and is closed the millisecond before', () => {
    // Tuesday 2026-12-01, 09:00 in Taipei = 01:00Z.
    expect(isOpenAt(taipei, at('2026-12-01T01:00:00.000Z'))).toBe(true);
    expect(isOpenAt(taipei, at('2026-12-01T00:59:59.999Z'))).toBe(false);
  });

  test('closes at 12:00 for lunch and at 18:00 sharp', () => {
    expect(isOpenAt(taipei, at('2026-12-01T03:59:59.999Z'))).toBe(true);
    expect(isOpenAt(taipei, at('2026-12-01T04:00:00.000Z'))).toBe(false);
    expect(isOpenAt(taipei, at('2026-12-01T05:00:00.000Z'))).toBe(true);
    expect(isOpenAt(taipei, at('2026-12-01T10:00:00.000Z'))).toBe(false);
  });

  test('"open until 12:00" in the morning, "closed until 13:00" at lunch', () => {
    expect(iso(currentCloses(taipei, at('2026-12-01T02:00:00Z')))).toBe('2026-12-01T04:00:00.000Z');
    expect(iso(nextOpening(taipei, at('2026-12-01T04:30:00Z')))).toBe('2026-12-01T05:00:00.000Z');
    expect(currentCloses(taipei, at('2026-12-01T04:30:00Z'))).toBeNull();
  });

  test('while open, agents are back now', () => {
    const now = at('2026-12-01T02:00:00Z');
    expect(nextOpening(taipei, now)).toBe(now);
    expect(businessHoursStatus(taipei, now)).toEqual({ open: true, closesAt: at('2026-12-01T04:00:00Z') });
  });

  test('Friday evening reopens on Monday 09:00', () => {
    // Friday 2026-12-04 18:00 local.
    expect(businessHoursStatus(taipei, at('2026-12-04T10:00:00Z'))).toEqual({ open: false, opensAt: at('2026-12-07T01:00:00Z') });
  });

  test('a special date replaces the weekday hours and a closed date is skipped', () => {
    // Thursday 24 Dec: 10:00–14:00 only, no lunch break.
    expect(isOpenAt(taipei, at('2026-12-24T01:30:00Z'))).toBe(false);
    expect(isOpenAt(taipei, at('2026-12-24T04:30:00Z'))).toBe(true);
    expect(iso(currentCloses(taipei, at('2026-12-24T04:30:00Z')))).toBe('2026-12-24T06:00:00.000Z');
    // After it, Friday 25 is closed: next is Monday 28 at 09:00.
    expect(iso(nextOpening(taipei, at('2026-12-24T06:00:00Z')))).toBe('2026-12-28T01:00:00.000Z');
  });

  test('a schedule with no hours never opens', () => {
    expect(businessHoursStatus({ timezone: 'Asia/Taipei', weekly: {} }, at('2026-12-01T02:00:00Z'))).toEqual({ open: false, opensAt: null });
  });
});

describe('business hours in Asia/Tokyo: a night shift across midnight', () => {
  const tokyo: BusinessHours = {
    timezone: 'Asia/Tokyo',
    weekly: {
      mon: [['22:00', '24:00']],
      tue: [
        ['00:00', '06:00'],
        ['09:00', '17:00'],
      ],
    },
  };

  test('22:00–24:00 and the next day 00:00–06:00 are one open period', () => {
    // Monday 2026-11-30 23:00 in Tokyo = 14:00Z.
    expect(isOpenAt(tokyo, at('2026-11-30T14:00:00Z'))).toBe(true);
    expect(iso(currentCloses(tokyo, at('2026-11-30T14:00:00Z')))).toBe('2026-11-30T21:00:00.000Z');
    // Midnight itself is open.
    expect(isOpenAt(tokyo, at('2026-11-30T15:00:00Z'))).toBe(true);
  });

  test('after 06:00 it reopens at 09:00', () => {
    expect(businessHoursStatus(tokyo, at('2026-11-30T21:00:00Z'))).toEqual({ open: false, opensAt: at('2026-12-01T00:00:00Z') });
  });
});

describe('business hours in Europe/London across DST', () => {
  test('spring forward: 09:00 on the change day is 08:00Z, the day before it was 09:00Z', () => {
    const london: BusinessHours = { timezone: 'Europe/London', weekly: { sat: [['09:00', '17:00']], sun: [['09:00', '17:00']] } };
    expect(isOpenAt(london, at('2026-03-28T08:59:00Z'))).toBe(false);
    expect(isOpenAt(london, at('2026-03-28T09:00:00Z'))).toBe(true);
    expect(iso(nextOpening(london, at('2026-03-28T17:00:00Z')))).toBe('2026-03-29T08:00:00.000Z');
    expect(iso(currentCloses(london, at('2026-03-29T08:00:00Z')))).toBe('2026-03-29T16:00:00.000Z');
  });

  test('an interval starting in the skipped hour opens at the jump', () => {
    // 29 March 2026: 01:00 GMT jumps to 02:00 BST; 01:30 never shows.
    const london: BusinessHours = { timezone: 'Europe/London', weekly: { sun: [['01:30', '03:00']] } };
    expect(iso(nextOpening(london, at('2026-03-29T00:00:00Z')))).toBe('2026-03-29T01:00:00.000Z');
    expect(isOpenAt(london, at('2026-03-29T00:59:59Z'))).toBe(false);
    expect(isOpenAt(london, at('2026-03-29T01:00:00Z'))).toBe(true);
    // 03:00 BST = 02:00Z: one hour of real time.
    expect(iso(currentCloses(london, at('2026-03-29T01:00:00Z')))).toBe('2026-03-29T02:00:00.000Z');
  });

  test('fall back: a boundary in the repeated hour is its first showing', () => {
    // 25 October 2026: 02:00 BST falls back to 01:00 GMT; 01:00–02:00 shows twice.
    const london: BusinessHours = {
      timezone: 'Europe/London',
      weekly: {
        sun: [
          ['00:00', '01:30'],
          ['01:30', '09:00'],
        ],
      },
    };
    // The first 01:30 (BST) is 00:30Z: the first interval ends there and the second begins.
    expect(iso(currentCloses(london, at('2026-10-24T23:30:00Z')))).toBe('2026-10-25T09:00:00.000Z');
    const lateShift: BusinessHours = { timezone: 'Europe/London', weekly: { sun: [['01:30', '09:00']] } };
    expect(iso(nextOpening(lateShift, at('2026-10-24T23:00:00Z')))).toBe('2026-10-25T00:30:00.000Z');
    // The second 01:15 (GMT, 01:15Z) lies inside it; 09:00 GMT is 09:00Z.
    expect(isOpenAt(lateShift, at('2026-10-25T01:15:00Z'))).toBe(true);
    const earlyShift: BusinessHours = { timezone: 'Europe/London', weekly: { sun: [['00:00', '01:30']] } };
    expect(isOpenAt(earlyShift, at('2026-10-25T00:29:00Z'))).toBe(true);
    expect(isOpenAt(earlyShift, at('2026-10-25T01:15:00Z'))).toBe(false);
  });
});

describe('business hours in America/New_York across DST', () => {
  const newYork: BusinessHours = { timezone: 'America/New_York', weekly: weekdays([['09:00', '17:00']]) };

  test('Friday 17:00 EST reopens Monday 09:00 EDT, one hour earlier in UTC', () => {
    // Friday 6 March 2026 17:00 EST = 22:00Z; the clocks change on Sunday 8 March.
    expect(businessHoursStatus(newYork, at('2026-03-06T22:00:00Z'))).toEqual({ open: false, opensAt: at('2026-03-09T13:00:00Z') });
    expect(isOpenAt(newYork, at('2026-03-06T21:59:59Z'))).toBe(true);
  });

  test('Friday 17:00 EDT reopens Monday 09:00 EST after the fall back', () => {
    // Friday 30 October 2026 17:00 EDT = 21:00Z; clocks go back on Sunday 1 November.
    expect(iso(nextOpening(newYork, at('2026-10-30T21:00:00Z')))).toBe('2026-11-02T14:00:00.000Z');
  });

  test('an interval wholly inside the skipped hour never opens', () => {
    const gap: BusinessHours = {
      timezone: 'America/New_York',
      weekly: {
        sun: [
          ['02:00', '02:30'],
          ['10:00', '11:00'],
        ],
      },
    };
    // Sunday 8 March 2026, 01:00 EST = 06:00Z: the next opening is 10:00 EDT, not the gap.
    expect(iso(nextOpening(gap, at('2026-03-08T06:00:00Z')))).toBe('2026-03-08T14:00:00.000Z');
    // A week later 02:00 exists again (EDT, 06:00Z).
    expect(iso(nextOpening(gap, at('2026-03-08T15:00:00Z')))).toBe('2026-03-15T06:00:00.000Z');
  });

  test('the long night of the fall back lasts an hour longer', () => {
    const nights: BusinessHours = { timezone: 'America/New_York', weekly: { sat: [['22:00', '24:00']], sun: [['00:00', '06:00']] } };
    // Saturday 31 October 22:00 EDT = 02:00Z on 1 November; Sunday 06:00 EST = 11:00Z: nine hours.
    expect(iso(currentCloses(nights, at('2026-11-01T02:00:00Z')))).toBe('2026-11-01T11:00:00.000Z');
  });
});

describe('business hours of a 24/7 channel', () => {
  test('is open with no closing time to show, and a holiday within a fortnight is found', () => {
    const day: OpenInterval[] = [['00:00', '24:00']];
    const always: BusinessHours = { timezone: 'Europe/London', weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day } };
    expect(businessHoursStatus(always, at('2026-12-01T12:00:00Z'))).toEqual({ open: true, closesAt: null });
    // London is on GMT in December: the holiday starts at 00:00Z.
    expect(iso(currentCloses({ ...always, closedDates: ['2026-12-10'] }, at('2026-12-01T12:00:00Z')))).toBe('2026-12-10T00:00:00.000Z');
  });
});
