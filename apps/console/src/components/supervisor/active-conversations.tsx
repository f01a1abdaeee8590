import { shortId } from '../../lib/format.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Conversation, RoutingOverview } from '../../lib/types.ts';

/** Conversations in the queue or with an agent; open one to transfer or close it. */
export function ActiveConversations({ items, agents }: { items: Conversation[]; agents: RoutingOverview['agents'] }) {
  const { t } = useI18n();
  const name = (id: string | null) => (id ? (agents.find((a) => a.id === id)?.name ?? id) : '–');
  return (
    <section className="card" aria-labelledby="active-title">
      <h2 id="active-title">{t('activeConversations')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('conversation')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col">{t('assignee')}</th>
              <th scope="col">{t('skills')}</th>
              <th scope="col">
                <span className="sr-only">{t('open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <th scope="row">{shortId(c.id)}</th>
                <td>
                  <span className={`status status-${c.status}`}>{t(`status_${c.status}` as MessageKey)}</span>
                </td>
                <td>{name(c.assigneeId ?? c.offer?.agentId ?? null)}</td>
                <td>{c.skills.join(', ') || t('noRequirement')}</td>
                <td>
                  <a href={`#/supervisor/${c.id}`}>{t('open')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
