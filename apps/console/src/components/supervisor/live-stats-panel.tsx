import { api } from '../../lib/api.ts';
import { duration, percent } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { LiveStats } from '../../lib/types.ts';
import { useLiveQuery } from '../../state/use-live-query.ts';

/** The last hour from /stats/live; a server without it shows a note instead. */
export function LiveStatsPanel() {
  const { t } = useI18n();
  const { data, error } = useLiveQuery(
    'stats',
    () => api.get<LiveStats>('/stats/live'),
    (f) => f.type === 'conversation.status_changed',
    1000,
  );
  const rows: Array<[string, string]> = data
    ? [
        [t('handled'), String(data.handled)],
        [t('avgWait'), duration(data.averageWaitSeconds)],
        [t('p90Wait'), duration(data.p90WaitSeconds)],
        [t('answered60'), percent(data.answeredWithin60sShare)],
        [t('abandoned'), String(data.abandoned)],
      ]
    : [];
  return (
    <section className="card" aria-labelledby="stats-title" data-testid="live-stats">
      <h2 id="stats-title">{t('lastHour', { n: data?.windowMinutes ?? 60 })}</h2>
      {error && !data ? (
        <p className="note">{t('statsUnavailable')}</p>
      ) : (
        <dl className="tiles">
          {rows.map(([k, v]) => (
            <div key={k} className="tile">
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
