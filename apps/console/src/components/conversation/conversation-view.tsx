import { useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { shortId } from '../../lib/format.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Conversation, ConversationEvent, Message, StreamFrame } from '../../lib/types.ts';
import { canSupervise, useSession } from '../../state/session.tsx';
import { useAgents } from '../../state/use-agents.ts';
import { useLiveQuery } from '../../state/use-live-query.ts';
import { ContactPanel } from './contact-panel.tsx';
import { ReplyBox } from './reply-box.tsx';
import { ReplyWindowNotice } from './reply-window-notice.tsx';
import { Timeline } from './timeline.tsx';
import { TransferForm } from './transfer-form.tsx';
import { TagPicker, useTags } from '../agent-tools/tag-picker.tsx';
import { ViewersBar } from '../agent-tools/viewers-bar.tsx';
import { AgentToasts, ConversationExtras } from '../agent-tools/conversation-extras.tsx';

const concerns = (id: string) => (f: StreamFrame) => ('conversationId' in f.data ? f.data.conversationId === id : 'id' in f.data && f.data.id === id);

/** One conversation: its whole history, the reply box, close, transfer and the contact. */
export function ConversationView({ id }: { id: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { agents } = useAgents();
  const conv = useLiveQuery(`conv:${id}`, () => api.get<Conversation>(`/conversations/${id}`), concerns(id));
  const history = useLiveQuery(
    `history:${id}`,
    async () => {
      const [messages, events] = await Promise.all([
        api.get<{ items: Message[] }>(`/conversations/${id}/messages`),
        api.get<{ items: ConversationEvent[] }>(`/conversations/${id}/events`).catch(() => ({ items: [] })),
      ]);
      return { messages: messages.items, events: events.items };
    },
    concerns(id),
    60,
  );
  const [error, setError] = useState<string | null>(null);
  const tags = useTags();
  const [closing, setClosing] = useState(false);
  const c = conv.data;
  if (conv.error) return <p className="error">{errorText(conv.error)}</p>;
  if (!c) return <p className="muted">{t('loading')}</p>;

  const mine = c.assigneeId !== null && c.assigneeId === me.agent?.id;
  const canAct = c.status === 'processing' && (mine || canSupervise(me));
  const canClose = c.status !== 'completed' && (mine || canSupervise(me));

  async function close() {
    // A workspace with service-reason tags closes through the tag picker (agent tools).
    if (tags && tags.items.some((tag) => !tag.archived)) return setClosing(true);
    if (!confirm(t('closeConfirm'))) return;
    setError(null);
    try {
      await api.post(`/conversations/${id}/close`);
      conv.reload();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className="conversation">
      <div className="conversation-main">
        <header className="conversation-head">
          <h2>
            {c.contact?.displayName ?? `${t('conversation')} ${shortId(c.id)}`}
            {c.channel && <span className="channel-name"> · {c.channel.name}</span>}
          </h2>
          <span className={`status status-${c.status}`} data-testid="conversation-status">
            {t(`status_${c.status}` as MessageKey)}
          </span>
          {c.assigneeId && (
            <span className="muted">
              {t('assignee')}: {agents.find((a) => a.id === c.assigneeId)?.name ?? c.assigneeId}
            </span>
          )}
          {canClose && (
            <button type="button" id="close-conversation" className="danger" onClick={close}>
              {t('close')}
            </button>
          )}
        </header>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <ConversationExtras c={c} mine={mine} onChange={conv.reload} />
        <ViewersBar conversationId={id} myId={me.agent?.id} />
        <AgentToasts myId={me.agent?.id} nameOf={(a) => agents.find((x) => x.id === a)?.name ?? a} />
        {closing && tags && (
          <TagPicker
            tags={tags.items}
            required={tags.requiredAtClose}
            onCancel={() => setClosing(false)}
            onClose={async (ids) => {
              await api.post(`/conversations/${id}/close`, { tags: ids });
              setClosing(false);
              conv.reload();
            }}
          />
        )}
        <Timeline
          messages={history.data?.messages ?? []}
          events={history.data?.events ?? []}
          agents={agents}
          queuePosition={c.status === 'waiting' ? c.queuePosition : null}
        />
        {canAct && (
          <ReplyWindowNotice conversationId={id} onSent={history.reload}>
            <ReplyBox conversationId={id} onSent={history.reload} />
          </ReplyWindowNotice>
        )}
        {canAct && <TransferForm conversationId={id} agents={agents} onDone={conv.reload} />}
      </div>
      <ContactPanel conversation={c} agents={agents} />
    </div>
  );
}
