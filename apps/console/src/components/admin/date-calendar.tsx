import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import type { Interval } from './business-hours-text.ts';

/**
 * A month of the business-hours calendar (SPEC R11): closed dates, special
 * dates and today, in the workspace's time zone. An ARIA grid with one tab
 * stop: arrow keys move a day / a week, Home/End to the week's ends, Page
 * Up/Down a month; Enter or Space closes a day (or opens it again) or gives
 * it special hours, as the mode above the grid says. Dates are calendar
 * dates (YYYY-MM-DD), so the arithmetic is done in UTC and only "today"
 * depends on the zone.
 */
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const parse = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Today's date in the zone (the browser's UTC date while the zone typed is not a valid one). */
export function todayIn(zone: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return iso(now);
  }
}

type Mode = 'closed' | 'special';

export function DateCalendar({
  zone,
  closedDates,
  specialDates,
  onToggleClosed,
  onSpecial,
}: {
  zone: string;
  closedDates: readonly string[];
  specialDates: Readonly<Record<string, Interval[]>>;
  onToggleClosed: (date: string) => void;
  onSpecial: (date: string) => void;
}) {
  const { t, lang } = useI18n();
  const today = todayIn(zone);
  const [focused, setFocused] = useState(today);
  const [mode, setMode] = useState<Mode>('closed');
  const moved = useRef(false);
  const grid = useRef<HTMLTableElement>(null);

  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    grid.current?.querySelector<HTMLElement>(`[data-date="${focused}"]`)?.focus();
  }, [focused]);

  const [year, month] = focused.split('-').map(Number) as [number, number];
  const first = Date.UTC(year, month - 1, 1);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offset = (new Date(first).getUTCDay() + 6) % 7; // weeks start on Monday
  const weeks = Math.ceil((offset + days) / 7);
  const monthName = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(first);
  const weekdayShort = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  const weekdayLong = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeZone: 'UTC' });
  const closed = new Set(closedDates);
  const hoursOf = (date: string) => specialDates[date]?.map(([from, to]) => `${from}–${to}`).join(', ');

  const moveTo = (date: string) => {
    moved.current = true;
    setFocused(date);
  };
  const shiftMonth = (by: number) => {
    const d = new Date(parse(focused));
    const target = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + by, 1);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + by + 1, 0)).getUTCDate();
    return iso(target + (Math.min(d.getUTCDate(), last) - 1) * DAY);
  };
  const activate = (date: string) => (mode === 'closed' ? onToggleClosed(date) : onSpecial(date));

  function onKey(e: KeyboardEvent<HTMLElement>, date: string) {
    const at = parse(date);
    const weekday = (new Date(at).getUTCDay() + 6) % 7;
    const next: Record<string, () => string> = {
      ArrowLeft: () => iso(at - DAY),
      ArrowRight: () => iso(at + DAY),
      ArrowUp: () => iso(at - 7 * DAY),
      ArrowDown: () => iso(at + 7 * DAY),
      Home: () => iso(at - weekday * DAY),
      End: () => iso(at + (6 - weekday) * DAY),
      PageUp: () => shiftMonth(-1),
      PageDown: () => shiftMonth(1),
    };
    if (next[e.key]) {
      e.preventDefault();
      moveTo(next[e.key]!());
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(date);
    }
  }

  const label = t('qp_cal_label', { zone });
  const rows = Array.from({ length: weeks }, (_, w) => Array.from({ length: 7 }, (_, d) => w * 7 + d - offset + 1));
  return (
    <fieldset className="date-calendar">
      <legend>{label}</legend>
      <div className="calendar-mode" role="radiogroup" aria-label={t('qp_cal_mode')}>
        <span>{t('qp_cal_mode')}:</span>
        {(['closed', 'special'] as const).map((m) => (
          <label key={m} className="inline">
            <input type="radio" name="calendar-mode" checked={mode === m} onChange={() => setMode(m)} />{' '}
            {t(m === 'closed' ? 'qp_cal_modeClosed' : 'qp_cal_modeSpecial')}
          </label>
        ))}
      </div>
      <div className="calendar-head">
        <button type="button" onClick={() => setFocused(shiftMonth(-1))} aria-label={t('qp_cal_prev')}>
          ‹
        </button>
        <strong aria-live="polite" id="calendar-month">
          {monthName}
        </strong>
        <button type="button" onClick={() => setFocused(shiftMonth(1))} aria-label={t('qp_cal_next')}>
          ›
        </button>
      </div>
      <p className="muted" id="calendar-help">
        {t('qp_cal_help', { zone, today })}
      </p>
      <table role="grid" ref={grid} className="calendar-grid" aria-label={`${label} ${monthName}`} aria-describedby="calendar-help">
        <thead>
          <tr>
            {Array.from({ length: 7 }, (_, d) => (
              <th key={d} scope="col">
                {weekdayShort.format(Date.UTC(2026, 10, 30 + d))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((week, w) => (
            <tr key={w}>
              {week.map((n, d) => {
                if (n < 1 || n > days) return <td key={d} role="gridcell" className="outside" />;
                const date = iso(first + (n - 1) * DAY);
                const hours = hoursOf(date);
                const states = [date === today && t('qp_cal_today'), closed.has(date) && t('qp_cal_closed'), hours && t('qp_cal_special', { hours })].filter(
                  Boolean,
                );
                const classes = [closed.has(date) && 'closed', hours && 'special', date === today && 'today'].filter(Boolean).join(' ');
                return (
                  <td
                    key={d}
                    role="gridcell"
                    data-date={date}
                    tabIndex={date === focused ? 0 : -1}
                    className={classes || undefined}
                    aria-selected={closed.has(date) || Boolean(hours)}
                    onKeyDown={(e) => onKey(e, date)}
                    onClick={() => (moveTo(date), activate(date))}
                  >
                    <span aria-hidden="true">{n}</span>
                    {/* The name is the full date and state (the visible day number alone would not say which month). */}
                    <span className="sr-only">{[weekdayLong.format(parse(date)), ...states].join(', ')}</span>
                    {hours && (
                      <small aria-hidden="true" className="calendar-hours">
                        {hours}
                      </small>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="calendar-legend" aria-hidden="true">
        <span className="swatch closed" /> {t('qp_cal_legendClosed')} <span className="swatch special" /> {t('qp_cal_legendSpecial')}
      </p>
    </fieldset>
  );
}
