import { useEffect, useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { ConversationCard } from './conversation-card.tsx';
import { useI18n } from '../../lib/i18n.ts';
import type { Conversation } from '../../lib/types.ts';
import { navigate } from '../../state/use-route.ts';

/** An offer with its countdown; accepting opens the conversation. */
export function OfferItem({ conversation }: { conversation: Conversation }) {
  const { t } = useI18n();
  const seconds = useCountdown(conversation.offer?.expiresAt);
  const [error, setError] = useState<string | null>(null);

  async function act(verb: 'accept' | 'reject') {
    setError(null);
    try {
      await api.post(`/conversations/${conversation.id}/${verb}`);
      if (verb === 'accept') navigate('console', conversation.id);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <li className="offer" data-testid="offer">
      <div>
        <ConversationCard c={conversation} />
      </div>
      <div className="countdown" aria-live="off">
        {t('expiresIn', { s: seconds })}
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={() => act('accept')}>
          {t('accept')}
        </button>
        <button type="button" onClick={() => act('reject')}>
          {t('reject')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}

function useCountdown(expiresAt: string | undefined) {
  const [seconds, setSeconds] = useState(() => secondsLeft(expiresAt));
  useEffect(() => {
    setSeconds(secondsLeft(expiresAt));
    const timer = setInterval(() => setSeconds(secondsLeft(expiresAt)), 1000);
    return () => clearInterval(timer);
  }, [expiresAt]);
  return seconds;
}

const secondsLeft = (expiresAt: string | undefined) => (expiresAt ? Math.max(0, Math.ceil((Date.parse(expiresAt) - Date.now()) / 1000)) : 0);
