import { minuteOf, type BusinessHours, type OpenInterval } from './business-hours.ts';
import { isTimeZone, WEEKDAY_NAMES } from './zoned-time.ts';

/**
 * What a stored schedule must satisfy, checked when it is saved so the
 * pure functions never meet a bad one. Times are "HH:MM" in 00:00–23:59; an
 * end may be "24:00" (the end of the day); an interval ends after it starts,
 * so one that crosses midnight is written as two ("22:00–24:00" and the next
 * day's "00:00–06:00", which then form one open period). Within a day the
 * intervals are sorted and do not overlap (touching is allowed).
 */

export interface BusinessHoursError {
  /** Where: `timezone`, `weekly.mon[1]`, `closedDates[0]`, `specialDates.2026-12-25[0]`. */
  path: string;
  message: string;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validateBusinessHours(schedule: BusinessHours): BusinessHoursError[] {
  const errors: BusinessHoursError[] = [];
  const fail = (path: string, message: string) => errors.push({ path, message });
  if (typeof schedule.timezone !== 'string' || !isTimeZone(schedule.timezone)) fail('timezone', `unknown time zone ${String(schedule.timezone)}`);
  for (const day of Object.keys(schedule.weekly ?? {})) {
    if (!(WEEKDAY_NAMES as readonly string[]).includes(day)) fail(`weekly.${day}`, 'unknown weekday (use mon … sun)');
  }
  for (const day of WEEKDAY_NAMES) checkIntervals(schedule.weekly?.[day] ?? [], `weekly.${day}`, fail);
  const closed = new Set<string>();
  (schedule.closedDates ?? []).forEach((date, i) => {
    if (!isDate(date)) fail(`closedDates[${i}]`, `not a date (YYYY-MM-DD): ${String(date)}`);
    else if (closed.has(date)) fail(`closedDates[${i}]`, `${date} is listed twice`);
    closed.add(date);
  });
  for (const [date, intervals] of Object.entries(schedule.specialDates ?? {})) {
    if (!isDate(date)) fail(`specialDates.${date}`, 'not a date (YYYY-MM-DD)');
    if (closed.has(date)) fail(`specialDates.${date}`, 'a date cannot be both closed and special');
    checkIntervals(intervals, `specialDates.${date}`, fail);
  }
  return errors;
}

function checkIntervals(intervals: readonly OpenInterval[], path: string, fail: (path: string, message: string) => void): void {
  if (!Array.isArray(intervals)) return fail(path, 'expected a list of ["HH:MM", "HH:MM"] intervals');
  let previousEnd = -1;
  intervals.forEach((interval, i) => {
    const at = `${path}[${i}]`;
    if (!Array.isArray(interval) || interval.length !== 2) return fail(at, 'expected ["HH:MM", "HH:MM"]');
    const [start, end] = interval;
    if (!isTime(start)) return fail(at, `bad start time ${String(start)} (HH:MM, 00:00–23:59)`);
    if (!isTime(end) && end !== '24:00') return fail(at, `bad end time ${String(end)} (HH:MM, up to 24:00)`);
    const from = minuteOf(start);
    const to = minuteOf(end);
    if (to <= from) return fail(at, `${start}–${end} ends before it starts; split a night shift at 24:00`);
    if (from < previousEnd) fail(at, `${start}–${end} overlaps or precedes the interval before it; keep intervals sorted`);
    previousEnd = to;
  });
}

function isTime(value: unknown): value is string {
  return typeof value === 'string' && TIME.test(value);
}

/** A real calendar date, not only the shape (2026-02-30 is refused). */
function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE.test(value)) return false;
  const parsed = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(parsed) && new Date(parsed).toISOString().slice(0, 10) === value;
}
