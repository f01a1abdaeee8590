import type { ReactNode } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import type { Conversation } from '../../lib/types.ts';
import { ConversationCard, sortMine } from './conversation-card.tsx';
import { OfferItem } from './offer-item.tsx';
import type { ConsoleLists } from './use-console-lists.ts';

interface Props {
  lists: ConsoleLists;
  unread: Record<string, number>;
  selectedId?: string;
}

export function ConversationLists({ lists, unread, selectedId }: Props) {
  const { t } = useI18n();
  return (
    <aside className="lists" aria-label={t('navConsole')}>
      <ListSection title={t('offers')} count={lists.offers.length} testId="offers">
        {lists.offers.map((c) => (
          <OfferItem key={c.id} conversation={c} />
        ))}
      </ListSection>
      <ListSection title={t('myConversations')} count={lists.mine.length} testId="mine">
        {sortMine(lists.mine).map((c) => (
          <li key={c.id}>
            <a href={`#/console/${c.id}`} className="conv-link" aria-current={c.id === selectedId ? 'true' : undefined}>
              <ConversationCard c={c} unread={unread[c.id]} />
            </a>
          </li>
        ))}
      </ListSection>
      <ReadOnlyQueue title={t('waitingQueue')} items={lists.waiting} testId="waiting" />
      <ReadOnlyQueue title={t('dispatchingQueue')} items={lists.dispatching} testId="dispatching" />
    </aside>
  );
}

function ListSection({ title, count, testId, children }: { title: string; count: number; testId: string; children: ReactNode }) {
  const { t } = useI18n();
  const id = `list-${testId}`;
  return (
    <section aria-labelledby={id} data-testid={testId} data-empty={count === 0 || undefined}>
      <h2 id={id}>
        {title} <span className="count">{count}</span>
      </h2>
      {count === 0 ? <p className="muted">{t('none')}</p> : <ul className="plain">{children}</ul>}
    </section>
  );
}

function ReadOnlyQueue({ title, items, testId }: { title: string; items: Conversation[]; testId: string }) {
  const { t } = useI18n();
  return (
    <ListSection title={`${title} (${t('readOnly')})`} count={items.length} testId={testId}>
      {items.map((c) => (
        <li key={c.id} className="queue-item">
          <ConversationCard c={c} />
        </li>
      ))}
    </ListSection>
  );
}
