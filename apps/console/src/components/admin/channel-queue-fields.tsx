import { useI18n } from '../../lib/i18n.ts';
import type { Channel } from '../../lib/types.ts';
import { Intervals } from './business-hours-admin.tsx';
import { hoursText, WEEKDAYS, type Interval, type Weekday } from './business-hours-text.ts';
import { splitList } from './use-crud.ts';

/**
 * A channel's own queue policy (SPEC §5 "Queue policy", R10–R12) in the
 * channel form: skill relaxation, the waiting and off-hours messages, the
 * waiting message's repetition and an own weekly schedule. Kept out of
 * channels-admin.tsx, which only threads the draft through.
 */

interface Schedule {
  timezone: string;
  weekly: Partial<Record<Weekday, Interval[]>>;
  closedDates?: string[];
  specialDates?: Record<string, Interval[]>;
}

/** The policy fields as GET /channels gives them. */
export interface ChannelQueuePolicy {
  relaxTo: string[] | null;
  relaxAfterSeconds: number | null;
  relaxWhenNoneOnline: boolean;
  waitingMessage: string | null;
  offHoursMessage: string | null;
  waitingRepeatSeconds: number | null;
  businessHours: Schedule | null;
}

export interface QueueDraft {
  relaxOn: boolean;
  relaxTo: string;
  relaxAfterSeconds: string;
  relaxWhenNoneOnline: boolean;
  waitingMessage: string;
  offHoursMessage: string;
  waitingRepeatSeconds: string;
  ownHours: boolean;
  schedule: Schedule;
}

const localZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export const EMPTY_QUEUE_DRAFT: QueueDraft = {
  relaxOn: false,
  relaxTo: '',
  relaxAfterSeconds: '',
  relaxWhenNoneOnline: false,
  waitingMessage: '',
  offHoursMessage: '',
  waitingRepeatSeconds: '',
  ownHours: false,
  schedule: { timezone: '', weekly: {} },
};

export function toQueueDraft(c: Channel): QueueDraft {
  const p = c as Channel & Partial<ChannelQueuePolicy>;
  return {
    relaxOn: Array.isArray(p.relaxTo),
    relaxTo: (p.relaxTo ?? []).join(', '),
    relaxAfterSeconds: p.relaxAfterSeconds == null ? '' : String(p.relaxAfterSeconds),
    relaxWhenNoneOnline: p.relaxWhenNoneOnline ?? false,
    waitingMessage: p.waitingMessage ?? '',
    offHoursMessage: p.offHoursMessage ?? '',
    waitingRepeatSeconds: p.waitingRepeatSeconds == null ? '' : String(p.waitingRepeatSeconds),
    ownHours: Boolean(p.businessHours),
    schedule: p.businessHours ?? { timezone: '', weekly: {} },
  };
}

const num = (s: string) => (s.trim() === '' ? null : Number(s));
const text = (s: string) => (s.trim() === '' ? null : s);

/** The body fields of POST/PATCH /channels; the server validates them as a whole (400 with details). */
export function queueBody(d: QueueDraft): Partial<ChannelQueuePolicy> {
  return {
    relaxTo: d.relaxOn ? splitList(d.relaxTo) : null,
    relaxAfterSeconds: d.relaxOn ? num(d.relaxAfterSeconds) : null,
    relaxWhenNoneOnline: d.relaxOn && d.relaxWhenNoneOnline,
    waitingMessage: text(d.waitingMessage),
    offHoursMessage: text(d.offHoursMessage),
    waitingRepeatSeconds: num(d.waitingRepeatSeconds),
    businessHours: d.ownHours ? { ...d.schedule, timezone: d.schedule.timezone || localZone() } : null,
  };
}

/** "english after 120 s" for the channels table. */
export function relaxSummary(c: Channel, t: ReturnType<typeof useI18n>['t']): string {
  const p = c as Channel & Partial<ChannelQueuePolicy>;
  if (!Array.isArray(p.relaxTo)) return t('qp_none');
  const to = p.relaxTo.length ? p.relaxTo.join(', ') : t('qp_relaxAny');
  return [to, p.relaxAfterSeconds ? `${p.relaxAfterSeconds} s` : '', p.relaxWhenNoneOnline ? '∅' : ''].filter(Boolean).join(' · ');
}

export function ChannelQueueFields({ draft, onChange }: { draft: QueueDraft; onChange: (d: QueueDraft) => void }) {
  const { t, lang } = useI18n();
  const h = hoursText(lang);
  const set = (patch: Partial<QueueDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset className="queue-policy">
      <legend>{t('qp_legend')}</legend>
      <label className="inline">
        <input type="checkbox" checked={draft.relaxOn} onChange={(e) => set({ relaxOn: e.target.checked })} /> {t('qp_relaxOn')}
      </label>
      {draft.relaxOn && (
        <>
          <label>
            {t('qp_relaxTo')}
            <input value={draft.relaxTo} placeholder="english" onChange={(e) => set({ relaxTo: e.target.value })} />
          </label>
          <label>
            {t('qp_relaxAfter')}
            <input type="number" min={1} inputMode="numeric" value={draft.relaxAfterSeconds} onChange={(e) => set({ relaxAfterSeconds: e.target.value })} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={draft.relaxWhenNoneOnline} onChange={(e) => set({ relaxWhenNoneOnline: e.target.checked })} />{' '}
            {t('qp_relaxNoneOnline')}
          </label>
        </>
      )}
      <label>
        {t('qp_waitingMessage', { position: '{position}', eta: '{eta}' })}
        <textarea value={draft.waitingMessage} onChange={(e) => set({ waitingMessage: e.target.value })} />
      </label>
      <label>
        {t('qp_waitingRepeat')}
        <input type="number" min={0} inputMode="numeric" value={draft.waitingRepeatSeconds} onChange={(e) => set({ waitingRepeatSeconds: e.target.value })} />
      </label>
      <label>
        {t('qp_offHoursMessage', { opening: '{opening}' })}
        <textarea value={draft.offHoursMessage} onChange={(e) => set({ offHoursMessage: e.target.value })} />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={draft.ownHours}
          onChange={(e) => set({ ownHours: e.target.checked, schedule: { ...draft.schedule, timezone: draft.schedule.timezone || localZone() } })}
        />{' '}
        {t('qp_ownHours')}
      </label>
      {draft.ownHours && (
        <>
          <label>
            {h('timezone')}
            <input value={draft.schedule.timezone} onChange={(e) => set({ schedule: { ...draft.schedule, timezone: e.target.value } })} />
          </label>
          <table className="hours-grid">
            <tbody>
              {WEEKDAYS.map((day) => (
                <tr key={day}>
                  <th scope="row">{h(day)}</th>
                  <td>
                    <Intervals
                      label={h(day)}
                      h={h}
                      value={draft.schedule.weekly[day] ?? []}
                      onChange={(v) => set({ schedule: { ...draft.schedule, weekly: { ...draft.schedule.weekly, [day]: v } } })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </fieldset>
  );
}
