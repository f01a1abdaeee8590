/**
 * Wall-clock arithmetic in an IANA time zone through `Intl.DateTimeFormat`,
 * the zone database every JavaScript runtime ships: no clock is read, every
 * instant is a parameter (epoch milliseconds). Dates are civil dates,
 * `YYYY-MM-DD`, and minutes count from local midnight.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Whether the runtime knows this zone (`Asia/Taipei`, `UTC`…). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

export interface WallClock {
  /** Civil date, `YYYY-MM-DD`. */
  date: string;
  /** Minutes since local midnight, with the seconds as a fraction. */
  minute: number;
}

export function wallClockOf(zone: string, instant: number): WallClock {
  const local = localAsUtc(zone, instant);
  const midnight = Math.floor(local / DAY) * DAY;
  return { date: new Date(midnight).toISOString().slice(0, 10), minute: (local - midnight) / MINUTE };
}

/**
 * The first instant at which the local clock shows `minute` of `date` or
 * later. A time skipped by a spring-forward jump maps to the jump itself
 * (02:30 in New York on the March change → the instant it becomes 03:00); a
 * time shown twice by a fall-back maps to its first showing.
 */
export function instantAtWall(zone: string, date: string, minute: number): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minute * MINUTE;
  const offsets = new Set([offsetAt(zone, wall - DAY), offsetAt(zone, wall + DAY), offsetAt(zone, wall)]);
  const exact = [...offsets].map((offset) => wall - offset).filter((t) => localAsUtc(zone, t) === wall);
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: before the jump the clock shows less than `wall`, after it more.
  let before = wall - Math.max(...offsets);
  let after = wall - Math.min(...offsets);
  for (;;) {
    const minutes = Math.floor((after - before) / MINUTE);
    if (minutes <= 1) break;
    const middle = before + Math.floor(minutes / 2) * MINUTE;
    if (localAsUtc(zone, middle) >= wall) after = middle;
    else before = middle;
  }
  return after;
}

/** `YYYY-MM-DD` shifted by whole days (civil arithmetic, no zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
}

/** Local wall time minus UTC at `instant`, in milliseconds. */
function offsetAt(zone: string, instant: number): number {
  return localAsUtc(zone, instant) - instant;
}

/** The local wall clock at `instant`, read as if it were UTC (to the second). */
function localAsUtc(zone: string, instant: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(instant));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const seconds = Math.floor(instant / 1000) * 1000;
  const millis = instant - seconds;
  return Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second')) + millis;
}

/** Formatters are costly to build and immutable: one per zone, kept. */
function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}
