import { useEffect, useRef, useState } from 'react';
import { time } from '../../lib/format.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Agent, ConversationEvent, Message } from '../../lib/types.ts';
import { useFrames } from '../../state/live.tsx';
import { describeEvent, positionsAtEachWait } from './event-words.ts';
import { KbArticleNote } from './kb-article-note.tsx';
import { MessageContext, MessageFlags } from './message-platform-note.tsx';
import { MessageFiles } from '../attachments/message-files.tsx';
import { onlyFileText } from '../attachments/file-words.ts';

type Entry = {
  at: string;
  order: number;
  message?: Message;
  event?: ConversationEvent;
  words?: string;
};

interface Props {
  messages: Message[];
  events: ConversationEvent[];
  agents: Agent[];
  /** While the conversation waits: its place in line now, for a latest wait whose history has none. */
  queuePosition?: number | null;
}

/** Messages and history events in one list, oldest first. Text is always rendered as text. */
export function Timeline({ messages, events, agents, queuePosition }: Props) {
  const { t, lang } = useI18n();
  const end = useRef<HTMLLIElement>(null);
  // At the same instant a message comes before the events it caused (e.g. "agent" → handoff).
  const positions = positionsAtEachWait(events, queuePosition);
  const entries: Entry[] = [
    ...messages.map((m, i) => ({ at: m.createdAt, order: i, message: m })),
    ...events.flatMap((e, i) => {
      const words = describeEvent(e, { t, lang, agents, queuePosition: positions.get(e.id) ?? null });
      return words === null ? [] : [{ at: e.at, order: messages.length + i, event: e, words }];
    }),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order);
  const typing = useCustomerTyping(messages[0]?.conversationId);
  const seen = useSeenByCustomer(messages);

  useEffect(() => {
    // Newer browsers return a promise from scrollIntoView: never hand it to React as a cleanup.
    void end.current?.scrollIntoView({ block: 'end' });
  }, [entries.length]);

  return (
    <ol className="timeline" aria-label={t('history')} aria-live="polite" data-testid="timeline">
      {entries.map((entry) =>
        entry.message ? (
          <li key={`m${entry.message.id}`} className={`msg msg-${entry.message.sender}${entry.message.private ? ' msg-private' : ''}`}>
            {entry.message.private && <span className="note-badge">{t('noteBadge')}</span>}
            <span className="who">
              {(entry.message.sender === 'agent' && agents.find((a) => a.id === entry.message!.agentId)?.name) ||
                t(`sender_${entry.message.sender}` as MessageKey)}
            </span>
            <MessageContext message={entry.message} />
            {!onlyFileText(entry.message.text, entry.message.attachments) && <span className="text">{entry.message.text}</span>}
            <MessageFiles attachments={entry.message.attachments} />
            {entry.message.mailAuth?.verdict === 'fail' && (
              <span
                className="mail-unverified"
                role="note"
                title={`SPF ${entry.message.mailAuth.spf} · DKIM ${entry.message.mailAuth.dkim} · DMARC ${entry.message.mailAuth.dmarc}`}
              >
                {t('mailUnverified')}
              </span>
            )}
            <Choices message={entry.message} />
            <time dateTime={entry.message.createdAt}>
              {time(entry.message.createdAt, lang)}
              {entry.message.sender === 'agent' && seen.has(entry.message.id) ? ` · ${t('seenByCustomer')}` : ''}
              <MessageFlags message={entry.message} />
            </time>
          </li>
        ) : (
          <li key={`e${entry.event!.id}`} className={`event event-${entry.event!.type}`}>
            <span>{entry.words}</span>
            <KbArticleNote event={entry.event!} /> <time dateTime={entry.event!.at}>{time(entry.event!.at, lang)}</time>
          </li>
        ),
      )}
      {typing && <li className="typing">{t('typing', { who: t('sender_customer') })}</li>}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
}

/** Shows "customer is typing" for a few seconds after a typing frame, if the server sends them. */
function useCustomerTyping(conversationId: string | undefined) {
  const [until, setUntil] = useState(0);
  const [, tick] = useState(0);
  useFrames((f) => {
    const frame = f as unknown as {
      type: string;
      data: { conversationId?: string; who?: string };
    };
    if (frame.type === 'typing' || frame.type === 'conversation.typing') {
      if (frame.data.conversationId === conversationId && frame.data.who !== 'agent') setUntil(Date.now() + 4000);
    }
    if (f.type === 'message.created' && f.data.conversationId === conversationId && f.data.sender === 'customer') setUntil(0);
  });
  useEffect(() => {
    if (until === 0) return;
    const timer = setTimeout(() => tick((n) => n + 1), until - Date.now() + 10);
    return () => clearTimeout(timer);
  }, [until]);
  return until > Date.now();
}

/** Buttons the bot offered, shown as text so the agent knows what the customer could pick. */
function Choices({ message }: { message: Message }) {
  const labels = (message.attachments as Array<{ buttons?: Array<{ label?: unknown }> }>)
    .flatMap((a) => (Array.isArray(a?.buttons) ? a.buttons : []))
    .map((b) => String(b.label ?? ''));
  if (labels.length === 0) return null;
  return (
    <ul className="choices">
      {labels.map((l, i) => (
        <li key={i}>{l}</li>
      ))}
    </ul>
  );
}

/** Agent messages up to the last one the customer's widget reported as read (`message.read` frames). */
function useSeenByCustomer(messages: Message[]) {
  const [readId, setReadId] = useState<string | null>(null);
  const conversationId = messages[0]?.conversationId;
  useFrames((f) => {
    const frame = f as unknown as {
      type: string;
      data: { conversationId?: string; messageId?: string };
    };
    if (frame.type === 'message.read' && frame.data.conversationId === conversationId && frame.data.messageId) setReadId(frame.data.messageId);
  });
  const upTo = readId ? messages.findIndex((m) => m.id === readId) : -1;
  return new Set(messages.slice(0, upTo + 1).map((m) => m.id));
}
