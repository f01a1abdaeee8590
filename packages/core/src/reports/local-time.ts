/** The wall clock of a time zone: local parts of a moment and the starts of its local hours, days and months (report buckets). */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number }

/** The wall-clock reading of a moment in a zone, from the zone's own rules (`Intl`): the slow way, once per block. */
export function formattedParts(ms: number, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second!, weekday };
}

/**
 * A zone's offset is read once per quarter hour of UTC and kept (`formatToParts` per moment was a tenth
 * of a server's CPU while the report fold ran beside routing, issue #13). Offsets change on local whole
 * or half hours, which land on UTC quarter-hour boundaries in every zone today; a quarter hour whose
 * offset differs at its two ends (a change inside it, as in Monrovia's −0:44:30 until 1972) is marked
 * and read the slow way, moment by moment.
 */
const BLOCK = 900_000;
const MAX_BLOCKS = 100_000;
const offsets = new Map<string, Map<number, number>>();

const offsetOf = (ms: number, timeZone: string) => {
  const p = formattedParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (ms - (((ms % 1000) + 1000) % 1000));
};

/** The zone's offset in ms for the quarter hour holding `ms`, or NaN when it changes inside it. */
function blockOffset(ms: number, timeZone: string): number {
  const block = Math.floor(ms / BLOCK);
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  let offset = zone.get(block);
  if (offset === undefined) {
    const start = block * BLOCK;
    offset = offsetOf(start, timeZone);
    if (offsetOf(start + BLOCK - 1000, timeZone) !== offset) offset = NaN;
    if (zone.size >= MAX_BLOCKS) zone.clear();
    zone.set(block, offset);
  }
  return offset;
}

/** The wall-clock reading of a moment in a zone (weekday 1 = Monday … 7 = Sunday). */
export function localParts(ms: number, timeZone: string): LocalParts {
  const offset = blockOffset(ms, timeZone);
  if (Number.isNaN(offset)) return formattedParts(ms, timeZone);
  const d = new Date(ms + offset);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), weekday: ((d.getUTCDay() + 6) % 7) + 1 };
}

/** Start of the local hour holding `ms` (zones' offsets are whole quarter hours, so minutes and seconds are the zone's). */
export function localHourStart(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return ms - (((p.minute * 60 + p.second) * 1000) + (((ms % 1000) + 1000) % 1000));
}

export const HOUR = 3_600_000;

/** Local midnight starting the day that holds `ms` (days are 23–25 h long across DST). */
export function localDayStart(ms: number, timeZone: string): number {
  const hour = localHourStart(ms, timeZone);
  let c = hour - localParts(hour, timeZone).hour * HOUR;
  for (let i = 0; i < 3; i++) {
    const h = localParts(c, timeZone).hour;
    if (h === 0) break;
    c += h > 12 ? HOUR : -HOUR;
  }
  return c;
}

/** The next local midnight after the day starting at `dayStart`. */
export const nextLocalDay = (dayStart: number, timeZone: string) => localDayStart(dayStart + 25 * HOUR, timeZone);

/** Local midnight of the 1st of the month that holds `ms`. */
export function localMonthStart(ms: number, timeZone: string): number {
  const day = localDayStart(ms, timeZone);
  return localDayStart(day - (localParts(day, timeZone).day - 1) * 24 * HOUR + 3 * HOUR, timeZone);
}

export const nextLocalMonth = (monthStart: number, timeZone: string) => localMonthStart(monthStart + 32 * 24 * HOUR, timeZone);
