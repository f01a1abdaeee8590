import { useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { time } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Conversation } from '../../lib/types.ts';
import { useFrames } from '../../state/live.tsx';
import { TagChips } from './tag-picker.tsx';

/** Under the conversation's head: its tags, the customer's rating, the wrap-up and its early end. */
export function ConversationExtras({ c, mine, onChange }: { c: Conversation; mine: boolean; onChange: () => void }) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<string | null>(null);
  async function endWrapUp() {
    try {
      await api.post(`/conversations/${c.id}/wrap-up/end`);
      onChange();
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <div className="conversation-extras">
      <TagChips tags={c.tags} />
      {c.csat && (
        <span className="csat-badge" data-testid="csat">
          {'★'.repeat(c.csat.rating)}
          {'☆'.repeat(5 - c.csat.rating)} {t('csatRating', { rating: c.csat.rating })}
          {c.csat.comment && <q>{c.csat.comment}</q>}
        </span>
      )}
      {c.wrapUpUntil && (
        <span className="wrap-up">
          {t('wrapUpUntil', { time: time(c.wrapUpUntil, lang) })}
          {mine && (
            <button type="button" onClick={endWrapUp}>
              {t('wrapUpEnd')}
            </button>
          )}
        </span>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/** A short word to the agent: a 4–5 rating (when the workspace congratulates) and @mentions in notes. */
export function AgentToasts({ myId, nameOf }: { myId: string | null | undefined; nameOf: (id: string) => string }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<string[]>([]);
  useFrames((f) => {
    const frame = f as unknown as { type: string; data: { agentId?: string; byAgentId?: string; rating?: number; congratulate?: boolean } };
    if (frame.data.agentId !== myId) return;
    let words: string | null = null;
    if (frame.type === 'csat.recorded' && frame.data.congratulate) words = t('csatCongrats', { rating: frame.data.rating ?? 0 });
    if (frame.type === 'note.mentioned') words = t('noteMentioned', { who: nameOf(frame.data.byAgentId ?? '') });
    if (words) setToasts((list) => [...list.slice(-2), words]);
  });
  if (toasts.length === 0) return null;
  return (
    <div className="agent-toasts" role="status">
      {toasts.map((w, i) => (
        <p key={i} onClick={() => setToasts((list) => list.filter((_, j) => j !== i))}>
          {w}
        </p>
      ))}
    </div>
  );
}
