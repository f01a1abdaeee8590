import { addDays, instantAtWall, wallClockOf, weekdayOf, type Weekday } from './zoned-time.ts';

/**
 * Business hours (SPEC R11) as a pure function of (schedule, now). A day's
 * hours are local wall-clock intervals `[start, end)`: open at 09:00 sharp,
 * closed at 18:00 sharp. Each boundary becomes the first instant the local
 * clock shows that time (zoned-time.ts), so across DST changes an interval
 * keeps its wall-clock edges and the periods of a day never overlap. An
 * interval ending "24:00" touches the next day's "00:00" one: the two are
 * one open period, which is how a night shift is written.
 */

/** `["09:00", "12:00"]`; the end may be "24:00". */
export type OpenInterval = readonly [start: string, end: string];

export interface BusinessHours {
  /** IANA time zone, e.g. `Asia/Taipei`. */
  timezone: string;
  /** Missing or empty weekday = closed all day. */
  weekly: Partial<Record<Weekday, readonly OpenInterval[]>>;
  /** Local dates (`YYYY-MM-DD`) closed all day, whatever the weekday says. */
  closedDates?: readonly string[];
  /** Local dates whose hours replace the weekday's (an empty list = closed). */
  specialDates?: Readonly<Record<string, readonly OpenInterval[]>>;
}

export type BusinessHoursStatus =
  /** `closesAt` null: no closing within CLOSING_HORIZON_DAYS. */
  | { open: true; closesAt: number | null }
  /** `opensAt` null: no opening within the search horizon. */
  | { open: false; opensAt: number | null };

/** How far ahead the next opening is searched: two years (closed days cost no zone lookup). */
export const BUSINESS_HOURS_HORIZON_DAYS = 731;
/**
 * How far ahead the current closing is searched. Every open day costs zone
 * lookups, and "open until" beyond a fortnight (a 24/7 channel) is shown as
 * plain "open".
 */
export const CLOSING_HORIZON_DAYS = 14;

/** Whether the schedule is open at `now` (statuses.ts has `isOpen` for conversations). */
export function isOpenAt(schedule: BusinessHours, now: number): boolean {
  const period = firstPeriodEndingAfter(schedule, now);
  return period !== null && period.start <= now;
}

/** When agents return: `now` itself while open; null if never within the horizon. */
export function nextOpening(schedule: BusinessHours, now: number): number | null {
  const period = firstPeriodEndingAfter(schedule, now);
  return period === null ? null : Math.max(period.start, now);
}

/** "Open until 18:00": the end of the open period holding `now`; null while closed or open past the closing horizon. */
export function currentCloses(schedule: BusinessHours, now: number): number | null {
  const periods = periodsFrom(schedule, wallClockOf(schedule.timezone, now).date, CLOSING_HORIZON_DAYS);
  let current: Period | null = null;
  for (const period of periods) {
    if (current === null) {
      if (period.end <= now) continue;
      if (period.start > now) return null;
      current = period;
    } else if (period.start <= current.end) current = { start: current.start, end: Math.max(current.end, period.end) };
    else return current.end;
  }
  // Open without a break to the horizon: no closing time to show.
  return null;
}

export function businessHoursStatus(schedule: BusinessHours, now: number): BusinessHoursStatus {
  const closesAt = currentCloses(schedule, now);
  if (closesAt !== null || isOpenAt(schedule, now)) return { open: true, closesAt };
  return { open: false, opensAt: nextOpening(schedule, now) };
}

/** The hours that apply on a local date: closed, special, or the weekday's. */
export function hoursOn(schedule: BusinessHours, date: string): readonly OpenInterval[] {
  if (schedule.closedDates?.includes(date)) return [];
  const special = schedule.specialDates?.[date];
  if (special) return special;
  return schedule.weekly[weekdayOf(date)] ?? [];
}

/** "09:30" → 570; "24:00" → 1440. Assumes a validated schedule. */
export function minuteOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

interface Period {
  start: number;
  end: number;
}

function firstPeriodEndingAfter(schedule: BusinessHours, now: number): Period | null {
  for (const period of periodsFrom(schedule, wallClockOf(schedule.timezone, now).date, BUSINESS_HOURS_HORIZON_DAYS)) {
    if (period.end > now) return period;
  }
  return null;
}

/**
 * Open periods as instants, in time order, from the day before `date` (a
 * fall-back at midnight can show yesterday's date after today began) to the
 * horizon. Days without hours cost no zone lookup.
 */
function* periodsFrom(schedule: BusinessHours, date: string, horizonDays: number): Generator<Period> {
  for (let day = -1; day <= horizonDays; day++) {
    const current = addDays(date, day);
    for (const [start, end] of hoursOn(schedule, current)) {
      const from = instantAtWall(schedule.timezone, current, minuteOf(start));
      const to = instantAtWall(schedule.timezone, current, minuteOf(end));
      // An interval inside a spring-forward gap never shows on the clock.
      if (to > from) yield { start: from, end: to };
    }
  }
}
