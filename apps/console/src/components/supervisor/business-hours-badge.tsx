import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { hoursText, type HoursStatus } from '../admin/business-hours-text.ts';

/** How often the board asks again: the status changes at most at a boundary, a minute late is fine. */
const REFRESH_MS = 60_000;

/** "Open until 18:00" / "Closed until Mon 09:00" on the supervisor board, in the schedule's own zone (SPEC R11). */
export function BusinessHoursBadge() {
  const { lang } = useI18n();
  const h = hoursText(lang);
  const [status, setStatus] = useState<HoursStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.get<{ workspace: HoursStatus }>('/settings/business-hours/status').then(
        (s) => live && setStatus(s.workspace),
        () => {},
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (!status || status.alwaysOpen) return null;
  const text = status.open
    ? status.closesAt
      ? h('openUntil', { time: status.closesAt.time })
      : h('open')
    : status.opensAt
      ? h('closedUntil', { day: h(status.opensAt.weekday), time: status.opensAt.time })
      : h('closed');
  return (
    <p className={`card hours-badge ${status.open ? 'open' : 'closed'}`} role="status" data-testid="business-hours-status" title={status.timezone ?? undefined}>
      <strong>{h('businessHours')}:</strong> {text}
    </p>
  );
}
