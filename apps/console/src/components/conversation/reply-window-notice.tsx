import type { ReplyWindow as ReplyWindowSchema } from '@switchboard/protocol';
import type { z } from 'zod';
import { api } from '../../lib/api.ts';
import { time } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { StreamFrame } from '../../lib/types.ts';
import { useLiveQuery } from '../../state/use-live-query.ts';
import { TemplateForm } from './template-form.tsx';

export type ReplyWindow = z.infer<typeof ReplyWindowSchema>;

const customerWrote = (id: string) => (f: StreamFrame) => f.type === 'message.created' && f.data.conversationId === id;

/**
 * Says when the platform no longer takes a free-text reply (WhatsApp after
 * 24 hours, Messenger/Instagram after 7 days) and offers a WhatsApp template
 * instead. `freeText` tells the caller whether to show the ordinary reply box.
 */
export function ReplyWindowNotice({ conversationId, onSent, children }: { conversationId: string; onSent: () => void; children: React.ReactNode }) {
  const { t, lang } = useI18n();
  const window = useLiveQuery(`window:${conversationId}`, () => api.get<ReplyWindow>(`/conversations/${conversationId}/reply-window`), customerWrote(conversationId));
  const w = window.data;
  // An older server without the endpoint, or a channel without a window: the reply box as always.
  if (!w || w.state === 'open') return <>{children}</>;
  if (w.state === 'human_agent') {
    return (
      <>
        <p className="window-notice" role="status" data-testid="reply-window">
          {t('windowHumanAgent', { until: time(w.humanAgentUntil, lang) })}
        </p>
        {children}
      </>
    );
  }
  if (w.state === 'closed') {
    return (
      <p className="window-notice" role="status" data-testid="reply-window">
        {t('windowClosed')}
      </p>
    );
  }
  return (
    <div className="window-template" data-testid="reply-window">
      <p className="window-notice" role="status">
        {t('windowTemplateOnly')}
      </p>
      {w.templates.length ? <TemplateForm conversationId={conversationId} templates={w.templates} onSent={onSent} /> : <p className="muted">{t('windowNoTemplates')}</p>}
    </div>
  );
}
