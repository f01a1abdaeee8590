import { useEffect, useState } from 'react';
import { duration } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { RoutingOverview } from '../../lib/types.ts';
import { DataTable } from '../common/data-table.tsx';

/** One row per set of required skills, with how long its first customer has waited (ticks every second). */
export function QueueGroups({ routing }: { routing?: RoutingOverview }) {
  const { t } = useI18n();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <section className="card" aria-labelledby="queues-title">
      <h2 id="queues-title">{t('queues')}</h2>
      <DataTable
        scrollLabel={t('queues')}
        items={routing?.groups ?? []}
        rowKey={(g) => g.skills.join(',')}
        empty={<p className="muted">{t('none')}</p>}
        columns={[
          { header: t('requirement'), cell: (g) => g.skills.join(', ') || t('noRequirement'), rowHeader: true },
          { header: t('waitingQueue'), cell: (g) => g.waiting },
          { header: t('dispatchingQueue'), cell: (g) => g.dispatching },
          { header: t('longestWait'), cell: (g) => (g.oldestWaitingSince ? duration((now - Date.parse(g.oldestWaitingSince)) / 1000) : '–') },
        ]}
      />
    </section>
  );
}
