import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { RoutingOverview } from '../../lib/types.ts';
import { isConversationFrame, useLiveQuery } from '../../state/use-live-query.ts';

/** The agent's load as `3 / 5` (processing plus pending offers, over capacity). */
export function LoadBadge({ agentId }: { agentId: string }) {
  const { t } = useI18n();
  const { data } = useLiveQuery(
    'routing',
    () => api.get<RoutingOverview>('/routing'),
    (f) => isConversationFrame(f) || f.type === 'agent.presence_changed',
  );
  const me = data?.agents.find((a) => a.id === agentId);
  if (!me) return null;
  return (
    <span className="load" data-testid="my-load" title={t('load')}>
      <span className="sr-only">{t('load')}: </span>
      {me.load} / {me.capacity}
    </span>
  );
}
