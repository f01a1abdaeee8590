import { describe, expect, test } from 'vitest';
import { validateBusinessHours, type BusinessHours } from '../../src/index.ts';

const valid: BusinessHours = {
  timezone: 'Europe/London',
  weekly: {
    mon: [
      ['09:00', '12:00'],
      ['12:00', '18:00'],
    ],
    fri: [['22:00', '24:00']],
    sat: [['00:00', '06:00']],
  },
  closedDates: ['2026-12-25'],
  specialDates: { '2026-12-24': [['09:00', '13:00']], '2026-12-31': [] },
};

const paths = (schedule: BusinessHours) => validateBusinessHours(schedule).map((e) => e.path);

describe('validating a business-hours schedule', () => {
  test('accepts touching intervals, a 24:00 end, closed and special dates', () => {
    expect(validateBusinessHours(valid)).toEqual([]);
  });

  test('refuses an unknown time zone', () => {
    expect(paths({ ...valid, timezone: 'Mars/Olympus' })).toEqual(['timezone']);
  });

  test('refuses overlapping and unsorted intervals', () => {
    expect(
      paths({
        ...valid,
        weekly: {
          tue: [
            ['09:00', '13:00'],
            ['12:00', '18:00'],
          ],
        },
      }),
    ).toEqual(['weekly.tue[1]']);
    expect(
      paths({
        ...valid,
        weekly: {
          tue: [
            ['13:00', '18:00'],
            ['09:00', '12:00'],
          ],
        },
      }),
    ).toEqual(['weekly.tue[1]']);
  });

  test('refuses an interval that ends before it starts, 24:00 as a start and bad times', () => {
    expect(paths({ ...valid, weekly: { wed: [['22:00', '06:00']] } })).toEqual(['weekly.wed[0]']);
    expect(paths({ ...valid, weekly: { wed: [['24:00', '24:00']] } })).toEqual(['weekly.wed[0]']);
    expect(paths({ ...valid, weekly: { wed: [['9:00', '17:00']] } })).toEqual(['weekly.wed[0]']);
    expect(paths({ ...valid, weekly: { wed: [['09:00', '24:30']] } })).toEqual(['weekly.wed[0]']);
  });

  test('refuses unknown weekdays, impossible dates, duplicates and a date both closed and special', () => {
    const bad = {
      timezone: 'Asia/Tokyo',
      weekly: { monday: [['09:00', '17:00']] },
      closedDates: ['2026-02-30', '2026-12-25', '2026-12-25'],
      specialDates: { '2026-12-25': [['09:00', '12:00']] },
    } as unknown as BusinessHours;
    expect(paths(bad)).toEqual(['weekly.monday', 'closedDates[0]', 'closedDates[2]', 'specialDates.2026-12-25']);
  });
});
