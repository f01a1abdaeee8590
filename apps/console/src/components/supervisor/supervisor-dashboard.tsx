import { api, query } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { STATUSES, type Conversation, type ConversationStatus, type Page, type RoutingOverview } from '../../lib/types.ts';
import { isConversationFrame, useLiveQuery } from '../../state/use-live-query.ts';
import { ConversationView } from '../conversation/conversation-view.tsx';
import { ActiveConversations } from './active-conversations.tsx';
import { AgentsTable } from './agents-table.tsx';
import { LiveStatsPanel } from './live-stats-panel.tsx';
import { QueueGroups } from './queue-groups.tsx';
import { StatusCounts } from './status-counts.tsx';
import { BusinessHoursBadge } from './business-hours-badge.tsx';
import { LiveBoard } from './live-board.tsx';

const LIST_LIMIT = 200;
const ACTIVE = ['processing', 'dispatching', 'waiting'] as const;

export interface StatusCount {
  count: number;
  more: boolean;
}

/** What a supervisor watches: counts, the dispatch limit, queues, agents and the last hour. */
export function SupervisorDashboard({ conversationId }: { conversationId?: string }) {
  const { t } = useI18n();
  const routing = useLiveQuery(
    'routing',
    () => api.get<RoutingOverview>('/routing'),
    (f) => isConversationFrame(f) || f.type === 'agent.presence_changed',
  );
  // Counts come from one grouped query; only the active queues are listed.
  const countsQuery = useLiveQuery('status-counts', () => api.get<Record<string, number>>('/conversations/counts'), isConversationFrame, 250);
  const lists = useLiveQuery(
    'active-lists',
    async () => {
      const pages = await Promise.all(ACTIVE.map((status) => api.get<Page<Conversation>>(`/conversations${query({ status, limit: LIST_LIMIT })}`)));
      return Object.fromEntries(ACTIVE.map((s, i) => [s, pages[i]])) as Record<(typeof ACTIVE)[number], Page<Conversation>>;
    },
    isConversationFrame,
    250,
  );
  const counts = countsQuery.data
    ? (Object.fromEntries(STATUSES.map((s) => [s, { count: countsQuery.data![s === 'completed' ? 'completedLast24h' : s] ?? 0, more: false }])) as Record<
        ConversationStatus,
        StatusCount
      >)
    : undefined;
  const active = lists.data ? [...lists.data.processing.items, ...lists.data.dispatching.items, ...lists.data.waiting.items] : [];

  return (
    <div className="dashboard">
      <h1 className="sr-only">{t('navSupervisor')}</h1>
      {conversationId && (
        <section className="card dashboard-conversation" aria-label={t('conversation')}>
          <a href="#/supervisor">← {t('navSupervisor')}</a>
          <ConversationView key={conversationId} id={conversationId} />
        </section>
      )}
      <BusinessHoursBadge />
      <StatusCounts counts={counts} routing={routing.data} />
      <LiveBoard />
      <div className="dashboard-grid">
        <QueueGroups routing={routing.data} />
        <LiveStatsPanel />
      </div>
      <AgentsTable routing={routing.data} onChanged={routing.reload} />
      <ActiveConversations items={active} agents={routing.data?.agents ?? []} />
    </div>
  );
}
