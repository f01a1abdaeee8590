import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { DateCalendar } from './date-calendar.tsx';
import { hoursText, WEEKDAYS, type BusinessHoursForm, type Interval } from './business-hours-text.ts';

const EMPTY: BusinessHoursForm = { timezone: '', weekly: {}, closedDates: [], specialDates: {}, queueOutsideHours: true, offHoursMessage: null };
const DEFAULT_INTERVAL: Interval = ['09:00', '18:00'];
// Dates are typed as YYYY-MM-DD (the server checks them): a segmented date field types differently in every locale.
const without = (dates: Record<string, Interval[]>, date: string) => Object.fromEntries(Object.entries(dates).filter(([d]) => d !== date));
const zones = (): string[] => (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];

/** SPEC R11 editor: a weekly grid of intervals per day (lunch breaks are two), closed dates and special dates. */
export function BusinessHoursAdmin() {
  const { lang } = useI18n();
  const h = hoursText(lang);
  const [form, setForm] = useState<BusinessHoursForm | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string; details?: string[] } | null>(null);
  const [newClosed, setNewClosed] = useState('');
  const [newSpecial, setNewSpecial] = useState('');
  // The calendar gave a day special hours: its first time field takes the focus.
  const [focusSpecial, setFocusSpecial] = useState<string | null>(null);
  useEffect(() => {
    if (!focusSpecial) return;
    document.querySelector<HTMLInputElement>(`input[aria-label="${focusSpecial} ${h('from')} 1"]`)?.focus();
    setFocusSpecial(null);
  }, [focusSpecial, h]);

  useEffect(() => {
    api.get<BusinessHoursForm & { timezone: string | null; weekly: BusinessHoursForm['weekly'] | null }>('/settings/business-hours').then(
      (b) => setForm({ ...EMPTY, ...b, timezone: b.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, weekly: b.weekly ?? {} }),
      (e) => setMessage({ ok: false, text: errorText(e) }),
    );
  }, []);

  if (!form) return message ? <p className="error">{message.text}</p> : <p>…</p>;
  const set = (patch: Partial<BusinessHoursForm>) => setForm({ ...form, ...patch });

  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      setForm({ ...EMPTY, ...(await api.put<BusinessHoursForm>('/settings/business-hours', form)) });
      setMessage({ ok: true, text: h('saved') });
    } catch (err) {
      const details = err instanceof ApiError ? (err.details as Array<{ path: string; message: string }> | undefined) : undefined;
      setMessage({ ok: false, text: errorText(err), details: details?.map((d) => `${d.path}: ${d.message}`) });
    }
  }

  return (
    <form className="card form business-hours" onSubmit={save} aria-label={h('businessHours')}>
      <label>
        {h('timezone')}
        <input list="tz-list" value={form.timezone} onChange={(e) => set({ timezone: e.target.value })} />
        <datalist id="tz-list">
          {zones().map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
      </label>
      <fieldset>
        <legend>{h('weekly')}</legend>
        <table className="hours-grid">
          <tbody>
            {WEEKDAYS.map((day) => (
              <tr key={day}>
                <th scope="row">{h(day)}</th>
                <td>
                  <Intervals label={h(day)} h={h} value={form.weekly[day] ?? []} onChange={(v) => set({ weekly: { ...form.weekly, [day]: v } })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <DateCalendar
        zone={form.timezone}
        closedDates={form.closedDates}
        specialDates={form.specialDates}
        onToggleClosed={(d) =>
          set({ closedDates: form.closedDates.includes(d) ? form.closedDates.filter((x) => x !== d) : [...form.closedDates, d].sort(), specialDates: without(form.specialDates, d) })
        }
        onSpecial={(d) => {
          set({ closedDates: form.closedDates.filter((x) => x !== d), specialDates: form.specialDates[d] ? form.specialDates : { ...form.specialDates, [d]: [DEFAULT_INTERVAL] } });
          setFocusSpecial(d);
        }}
      />
      <fieldset>
        <legend>{h('closedDates')}</legend>
        <ul className="date-list">
          {form.closedDates.map((d) => (
            <li key={d}>
              {d}{' '}
              <button type="button" onClick={() => set({ closedDates: form.closedDates.filter((x) => x !== d) })} aria-label={`${h('removeInterval')} ${d}`}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input placeholder="YYYY-MM-DD" pattern="\d{4}-\d{2}-\d{2}" aria-label={h('closedDates')} value={newClosed} onChange={(e) => setNewClosed(e.target.value.trim())} />
        <button type="button" disabled={!newClosed} onClick={() => (set({ closedDates: [...new Set([...form.closedDates, newClosed])].sort() }), setNewClosed(''))}>
          {h('addDate')}
        </button>
      </fieldset>
      <fieldset>
        <legend>{h('specialDates')}</legend>
        {Object.entries(form.specialDates).map(([date, intervals]) => (
          <div key={date} className="special-date">
            <strong>{date}</strong>
            <Intervals label={date} h={h} value={intervals} onChange={(v) => set({ specialDates: { ...form.specialDates, [date]: v } })} />
            <button type="button" onClick={() => set({ specialDates: without(form.specialDates, date) })}>
              {h('removeInterval')} {date}
            </button>
          </div>
        ))}
        <input placeholder="YYYY-MM-DD" pattern="\d{4}-\d{2}-\d{2}" aria-label={h('specialDates')} value={newSpecial} onChange={(e) => setNewSpecial(e.target.value.trim())} />
        <button type="button" disabled={!newSpecial} onClick={() => (set({ specialDates: { ...form.specialDates, [newSpecial]: [DEFAULT_INTERVAL] } }), setNewSpecial(''))}>
          {h('addDate')}
        </button>
      </fieldset>
      <label className="inline">
        <input type="checkbox" checked={form.queueOutsideHours} onChange={(e) => set({ queueOutsideHours: e.target.checked })} /> {h('queueOutsideHours')}
      </label>
      <label>
        {h('offHoursMessage')}
        <textarea value={form.offHoursMessage ?? ''} onChange={(e) => set({ offHoursMessage: e.target.value.trim() ? e.target.value : null })} />
      </label>
      {message && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          <p>{message.text}</p>
          {message.details && (
            <ul>
              {message.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <button type="submit">{h('save')}</button>
    </form>
  );
}

export function Intervals({ label, value, onChange, h }: { label: string; value: Interval[]; onChange: (v: Interval[]) => void; h: ReturnType<typeof hoursText> }) {
  const put = (i: number, part: 0 | 1, time: string) => onChange(value.map((iv, j) => (j === i ? ((part === 0 ? [time, iv[1]] : [iv[0], time]) as Interval) : iv)));
  return (
    <div className="intervals">
      {value.length === 0 && <span className="muted">{h('closedAllDay')}</span>}
      {value.map(([from, to], i) => (
        <span key={i} className="interval">
          <input type="time" aria-label={`${label} ${h('from')} ${i + 1}`} value={from} onChange={(e) => put(i, 0, e.target.value)} />
          –
          <input type="time" aria-label={`${label} ${h('to')} ${i + 1}`} value={to === '24:00' ? '23:59' : to} onChange={(e) => put(i, 1, e.target.value)} />
          <button type="button" aria-label={`${h('removeInterval')} ${label} ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            ×
          </button>
        </span>
      ))}
      <button type="button" onClick={() => onChange([...value, value.length ? ['13:00', '18:00'] : DEFAULT_INTERVAL])}>
        {h('addInterval')}
      </button>
    </div>
  );
}
