import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import { STATUSES, type ConversationStatus, type RoutingOverview } from '../../lib/types.ts';
import type { StatusCount } from './supervisor-dashboard.tsx';

export function StatusCounts({ counts, routing }: { counts?: Record<ConversationStatus, StatusCount>; routing?: RoutingOverview }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="counts-title">
      <h2 id="counts-title">{t('countsByStatus')}</h2>
      <dl className="tiles">
        {STATUSES.map((s) => (
          <div key={s} className={`tile status-${s}`} data-testid={`count-${s}`}>
            <dt>{t(`status_${s}` as MessageKey)}</dt>
            <dd>{counts ? `${counts[s].count}${counts[s].more ? '+' : ''}` : '…'}</dd>
          </div>
        ))}
        <div className="tile" data-testid="dispatch-limit">
          <dt>
            {t('dispatchingNow')} / {t('dispatchLimit')}
          </dt>
          <dd>{routing ? `${routing.dispatching} / ${routing.dispatchLimit}` : '…'}</dd>
        </div>
        <div className="tile">
          <dt>{t('readyAgents')}</dt>
          <dd>{routing?.readyAgents ?? '…'}</dd>
        </div>
        <div className="tile">
          <dt>{t('routingMode')}</dt>
          <dd>{routing?.mode ?? '…'}</dd>
        </div>
      </dl>
    </section>
  );
}
