import { useEffect, useState, type FormEvent } from 'react';
import { TagFilter } from '../agent-tools/tag-picker.tsx';
import { api, errorText, query } from '../../lib/api.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Conversation, Page } from '../../lib/types.ts';
import { ConversationView } from '../conversation/conversation-view.tsx';
import { ConversationCard } from '../console/conversation-card.tsx';

const STATUSES = ['', 'completed', 'processing', 'waiting', 'bot'] as const;

/**
 * Every conversation, closed ones too: search message text (Chinese and
 * Japanese phrases as well as words), filter by status, open one to read it.
 */
export function HistoryPage({ conversationId }: { conversationId?: string }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const [tag, setTag] = useState('');
  const [asked, setAsked] = useState({ q: '', status: '', tag: '' });
  const [page, setPage] = useState<Page<Conversation> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    api
      .get<Page<Conversation>>(
        `/conversations${query({ limit: 50, ...(asked.q && { q: asked.q }), ...(asked.status && { status: asked.status }), ...(asked.tag && { tag: asked.tag }) })}`,
      )
      .then(setPage)
      .catch((e) => setError(errorText(e)));
  }, [asked]);

  async function more() {
    if (!page?.nextCursor) return;
    const next = await api.get<Page<Conversation>>(
      `/conversations${query({ limit: 50, cursor: page.nextCursor, ...(asked.q && { q: asked.q }), ...(asked.status && { status: asked.status }), ...(asked.tag && { tag: asked.tag }) })}`,
    );
    setPage({ items: [...page.items, ...next.items], nextCursor: next.nextCursor });
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsked({ q: q.trim(), status, tag });
  };

  return (
    <div className="console history">
      <aside className="lists" aria-label={t('history')}>
        <section>
          <form role="search" className="search-form" onSubmit={submit}>
            <label htmlFor="history-q">{t('searchMessages')}</label>
            <input id="history-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t('searchPlaceholder')} />
            <label htmlFor="history-status">{t('status')}</label>
            <select id="history-status" value={status} onChange={(e) => setStatus(e.target.value as (typeof STATUSES)[number])}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s ? t(`status_${s}` as MessageKey) : t('allStatuses')}
                </option>
              ))}
            </select>
            <TagFilter value={tag} onChange={setTag} />
            <button type="submit" className="primary">
              {t('search')}
            </button>
          </form>
        </section>
        <section aria-live="polite" data-testid="history-results">
          <h2>
            {asked.q ? t('resultsFor', { q: asked.q }) : t('recentConversations')} <span className="count">{page?.items.length ?? 0}</span>
          </h2>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          {page && page.items.length === 0 && <p className="muted">{t('noResults')}</p>}
          <ul className="plain">
            {page?.items.map((c) => (
              <li key={c.id}>
                <a href={`#/history/${c.id}`} className="conv-link" aria-current={c.id === conversationId ? 'true' : undefined}>
                  <ConversationCard c={c} />
                </a>
              </li>
            ))}
          </ul>
          {page?.nextCursor && (
            <button type="button" onClick={() => void more()}>
              {t('loadMore')}
            </button>
          )}
        </section>
      </aside>
      <section className="conversation-pane" aria-label={t('conversation')}>
        {conversationId ? <ConversationView key={conversationId} id={conversationId} /> : <p className="note">{t('selectConversation')}</p>}
      </section>
    </div>
  );
}
