import { useEffect } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { notify, requestNotificationPermission } from '../../lib/notify.ts';
import { useFrames } from '../../state/live.tsx';
import { useSession } from '../../state/session.tsx';
import { navigate } from '../../state/use-route.ts';
import { ConversationView } from '../conversation/conversation-view.tsx';
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
    if (f.type === 'conversation.offered' && f.data.agentId === agentId) notify(t('newOffer'), f.data.id);
    if (f.type === 'message.created' && f.data.sender === 'customer' && lists.mine.some((c) => c.id === f.data.conversationId)) {
      unread.add(f.data.conversationId);
      if (f.data.conversationId !== conversationId || !document.hasFocus()) notify(t('newMessage'), f.data.text);
    }
  });

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
    <div className="console">
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
