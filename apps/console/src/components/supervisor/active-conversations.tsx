import { duration } from '../../lib/format.ts';
import { displayName, useSecondsSince } from '../console/conversation-card.tsx';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Conversation, RoutingOverview } from '../../lib/types.ts';
import { DataTable } from '../common/data-table.tsx';
import { WhyButton } from '../reports/why-panel.tsx';

/** Conversations in the queue or with an agent; open one to transfer or close it. */
export function ActiveConversations({ items, agents }: { items: Conversation[]; agents: RoutingOverview['agents'] }) {
  const { t } = useI18n();
  const name = (id: string | null) => (id ? (agents.find((a) => a.id === id)?.name ?? id) : '–');
  return (
    <section className="card" aria-labelledby="active-title">
      <h2 id="active-title">{t('activeConversations')}</h2>
      <DataTable
        scrollLabel={t('activeConversations')}
        items={items}
        rowKey={(c) => c.id}
        empty={<p className="muted">{t('none')}</p>}
        columns={[
          { header: t('contact'), cell: (c) => <span>{displayName(c)}</span>, rowHeader: true },
          { header: t('channel'), cell: (c) => c.channel?.name ?? '–' },
          { header: t('waitingTime'), cell: (c) => <Since iso={c.status === 'processing' ? c.lastCustomerMessageAt : c.handoffAt} /> },
          { header: t('status'), cell: (c) => <span className={`status status-${c.status}`}>{t(`status_${c.status}` as MessageKey)}</span> },
          { header: t('assignee'), cell: (c) => name(c.assigneeId ?? c.offer?.agentId ?? null) },
          { header: t('skills'), cell: (c) => c.skills.join(', ') || t('noRequirement') },
          { header: <span className="sr-only">{t('open')}</span>, cell: (c) => <a href={`#/supervisor/${c.id}`}>{t('open')}</a> },
          {
            header: <span className="sr-only">{t('why')}</span>,
            cell: (c) => <WhyButton conversationId={c.id} names={Object.fromEntries(agents.map((a) => [a.id, a.name]))} />,
          },
        ]}
      />
    </section>
  );
}

function Since({ iso }: { iso: string | null | undefined }) {
  return <>{duration(useSecondsSince(iso))}</>;
}
