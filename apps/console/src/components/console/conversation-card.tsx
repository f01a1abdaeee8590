import { useEffect, useState } from 'react';
import { duration } from '../../lib/format.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Conversation } from '../../lib/types.ts';

/** Seconds since an ISO time, ticking so "waiting 3m" stays true while the list is open. */
export function useSecondsSince(iso: string | null | undefined, everyMs = 5_000): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return iso ? Math.max(0, (now - Date.parse(iso)) / 1000) : null;
}

export const displayName = (c: Conversation) => c.contact?.displayName ?? c.id.slice(-6);

/** The line under the name: the last message, with who wrote it when it was not the customer. */
function Preview({ c }: { c: Conversation }) {
  const { t } = useI18n();
  const last = c.match ?? c.lastMessage;
  if (!last) return <span className="preview muted">{t('noMessagesYet')}</span>;
  const who = last.sender === 'customer' ? '' : `${t(`sender_${last.sender}` as MessageKey)}: `;
  return (
    <span className="preview">
      {who}
      {last.text || t('attachmentOnly')}
    </span>
  );
}

/**
 * One conversation as a person reads it in a list: who, where, what they
 * last said, and how long they have been waiting — for a person in the
 * queue, or for an answer from the agent who holds it.
 */
export function ConversationCard({ c, unread }: { c: Conversation; unread?: number }) {
  const { t } = useI18n();
  const queued = c.status === 'waiting' || c.status === 'dispatching';
  const awaitingReply = c.status === 'processing' && c.lastMessage?.sender === 'customer';
  const since = useSecondsSince(queued ? c.handoffAt : awaitingReply ? c.lastCustomerMessageAt : c.lastMessage?.createdAt);
  const sinceLabel = queued ? t('waitingFor', { d: duration(since) }) : awaitingReply ? t('unansweredFor', { d: duration(since) }) : duration(since);
  return (
    <span className="conv-card">
      <span className="conv-top">
        <strong className="who">{displayName(c)}</strong>
        {c.channel && <span className={`channel-tag channel-${c.channel.type}`}>{c.channel.name}</span>}
        {since !== null && <span className={`since${awaitingReply || (queued && since > 60) ? ' late' : ''}`}>{sinceLabel}</span>}
        {unread ? (
          <span className="badge" aria-label={t('unread', { n: unread })}>
            {unread}
          </span>
        ) : null}
      </span>
      <Preview c={c} />
      {c.skills.length > 0 && <span className="muted skills-line">{c.skills.join(', ')}</span>}
    </span>
  );
}

/** Mine first where the customer is waiting for an answer (longest first), then the rest by latest activity. */
export function sortMine(items: Conversation[]): Conversation[] {
  const key = (c: Conversation) => c.lastMessage?.createdAt ?? c.createdAt;
  const waiting = (c: Conversation) => c.lastMessage?.sender === 'customer';
  return [...items].sort((a, b) => {
    if (waiting(a) !== waiting(b)) return waiting(a) ? -1 : 1;
    return waiting(a) ? key(a).localeCompare(key(b)) : key(b).localeCompare(key(a));
  });
}
