import { useEffect, useState } from 'react';
import { duration } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { RoutingOverview } from '../../lib/types.ts';

/** One row per set of required skills, with how long its first customer has waited (ticks every second). */
export function QueueGroups({ routing }: { routing?: RoutingOverview }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const groups = routing?.groups ?? [];
  return (
    <section className="card" aria-labelledby="queues-title">
      <h2 id="queues-title">{t('queues')}</h2>
      {groups.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('requirement')}</th>
              <th scope="col">{t('waitingQueue')}</th>
              <th scope="col">{t('dispatchingQueue')}</th>
              <th scope="col">{t('longestWait')}</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.skills.join(',')}>
                <th scope="row">{g.skills.join(', ') || t('noRequirement')}</th>
                <td>{g.waiting}</td>
                <td>{g.dispatching}</td>
                <td>{g.oldestWaitingSince ? duration((now - Date.parse(g.oldestWaitingSince)) / 1000) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
