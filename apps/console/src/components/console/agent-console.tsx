import { useEffect } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { notify, requestNotificationPermission } from '../../lib/notify.ts';
import { useFrames } from '../../state/live.tsx';
import { useSession } from '../../state/session.tsx';
import { navigate } from '../../state/use-route.ts';
import { ConversationView } from '../conversation/conversation-view.tsx';
import type { Conversation } from '../../lib/types.ts';
import { displayName } from './conversation-card.tsx';
import { ConversationLists } from './conversation-lists.tsx';
import { useConsoleLists } from './use-console-lists.ts';
import { useUnread } from './use-unread.ts';

/** The agent's workspace: lists on the left, the open conversation on the right. */
export function AgentConsole({ conversationId }: { conversationId?: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const agentId = me.agent?.id ?? '';
  const lists = useConsoleLists(agentId);
  const unread = useUnread(conversationId);

  useEffect(requestNotificationPermission, []);

  useFrames((f) => {
    if (f.type === 'conversation.offered' && f.data.agentId === agentId) void notifyOffer(f.data.id);
    const mine = f.type === 'message.created' && f.data.sender === 'customer' ? lists.mine.find((c) => c.id === f.data.conversationId) : undefined;
    if (f.type === 'message.created' && mine) {
      unread.add(f.data.conversationId);
      if (f.data.conversationId !== conversationId || !document.hasFocus()) notify(t('messageFrom', { name: displayName(mine) }), f.data.text);
    }
  });

  /** Who is offered, not a raw id: the offer frame carries only the id, so read the item once. */
  async function notifyOffer(id: string) {
    const c = await api.get<Conversation>(`/conversations/${id}`).catch(() => null);
    if (!c) return notify(t('newOffer'), '');
    notify(t('offerFrom', { name: displayName(c), channel: c.channel?.name ?? '' }), c.lastMessage?.text ?? '');
  }

  useShortcuts({
    accept: () => {
      const first = lists.offers[0];
      if (first) void api.post(`/conversations/${first.id}/accept`).then(() => navigate('console', first.id));
    },
    reply: () => document.getElementById('reply-text')?.focus(),
    close: () => document.getElementById('close-conversation')?.click(),
  });

  if (!me.agent) return <p className="note">{t('noAgentProfile')}</p>;
  return (
    <div className={conversationId ? 'console has-open' : 'console'}>
      <ConversationLists lists={lists} unread={unread.counts} selectedId={conversationId} />
      <section className="conversation-pane" aria-label={t('conversation')}>
        {conversationId ? <ConversationView key={conversationId} id={conversationId} /> : <p className="note">{t('selectConversation')}</p>}
        <p className="hint">{t('shortcuts')}</p>
      </section>
    </div>
  );
}

function useShortcuts(actions: { accept: () => void; reply: () => void; close: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const action = {
        KeyA: actions.accept,
        KeyR: actions.reply,
        KeyC: actions.close,
      }[e.code];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
