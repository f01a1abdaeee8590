import { useI18n } from '../../lib/i18n.ts';
import type { Message } from '../../lib/types.ts';

/** Platform media on its way into storage, or given up on (channels/media/): said, so the agent knows a file exists. */
function MediaStates({ attachments }: { attachments: unknown[] }) {
  const { t } = useI18n();
  const pending = (attachments as Array<{ media?: string; mediaError?: string; type?: string }>).filter((a) => a?.media === 'fetching' || a?.media === 'failed');
  return (
    <>
      {pending.map((a, i) => (
        <span key={i} className={`msg-context media-${a.media}`} role={a.media === 'failed' ? 'note' : undefined}>
          {a.media === 'fetching' ? t('mediaFetching', { type: a.type ?? '' }) : t('mediaFailed', { type: a.type ?? '', why: a.mediaError ?? '' })}
        </span>
      ))}
    </>
  );
}

/** What the platform said of a message beyond its text: speaker, reply-to, subject, edits, unsend, receipts, how it went out. */
export function MessageContext({ message }: { message: Message }) {
  const { t } = useI18n();
  const p = message.platform;
  if (!p) return <MediaStates attachments={message.attachments} />;
  return (
    <>
      <MediaStates attachments={message.attachments} />
      {p.subject && <span className="msg-context">{t('msgSubject', { subject: p.subject })}</span>}
      {p.thread && (
        <a className="msg-context" href={`#/history/${encodeURIComponent(p.thread.conversationId)}`}>
          {t('msgThread')}
        </a>
      )}
      {p.forwardedFrom && <span className="msg-context">{t('msgForwarded', { from: p.forwardedFrom })}</span>}
      {p.replyTo?.text && <blockquote className="msg-context msg-reply-to">{t('msgReplyTo', { text: p.replyTo.text })}</blockquote>}
      {p.unsent && <span className="msg-context msg-unsent">{t('msgUnsent')}</span>}
    </>
  );
}

/** Small words after the time: edited (with the earlier texts on hover), speaker, receipts, reply/push, tag, template, reaction. */
export function MessageFlags({ message }: { message: Message }) {
  const { t } = useI18n();
  const p = message.platform;
  if (!p) return null;
  const flags = [
    p.speaker && t('msgSpeaker', { name: p.speaker.name ?? p.speaker.id }),
    p.template && t('msgTemplate', { name: p.template.name }),
    p.deliveredVia && t(p.deliveredVia === 'reply' ? 'msgViaReply' : 'msgViaPush'),
    p.messagingTag === 'HUMAN_AGENT' && t('msgTagHumanAgent'),
    p.receipt && t(p.receipt === 'read' ? 'msgRead' : 'msgDelivered'),
    p.reaction && t('msgReaction', { emoji: p.reaction }),
  ].filter(Boolean);
  return (
    <>
      {flags.length > 0 && <span className="msg-flags"> · {flags.join(' · ')}</span>}
      {p.editedAt && (
        <span className="msg-edited" title={(p.edits ?? []).map((e) => t('msgEditedBefore', { text: e.text })).join('\n')}>
          {' '}
          · {t('msgEdited')}
        </span>
      )}
    </>
  );
}
