import { useEffect, useId, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { ErrorNote } from '../common/error-note.tsx';

interface Candidate {
  agentId: string;
  eligible: boolean;
  because: string;
  detail: string;
}
export interface Explanation {
  status: string;
  queuePosition: number | null;
  estimatedWaitSeconds: number | null;
  blockers: Array<{ code: string; detail: string }>;
  decision: { agentId: string; rule: string; candidates: Candidate[] } | null;
  candidates?: Candidate[];
}

/** A "Why?" button that opens the engine's own explanation (GET /conversations/:id/explain) beside its row. */
export function WhyButton({ conversationId, names = {} }: { conversationId: string; names?: Record<string, string> }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  return (
    <>
      <button type="button" className="why-button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        {t('why')}
      </button>
      {open && <WhyPanel id={panelId} conversationId={conversationId} names={names} onClose={() => setOpen(false)} />}
    </>
  );
}

function WhyPanel({ id, conversationId, names, onClose }: { id: string; conversationId: string; names: Record<string, string>; onClose: () => void }) {
  const { t } = useI18n();
  const [data, setData] = useState<Explanation>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api.get<Explanation>(`/conversations/${encodeURIComponent(conversationId)}/explain`).then(setData, setError);
  }, [conversationId]);
  const name = (agentId: string) => names[agentId] ?? agentId;
  const candidates = data?.decision?.candidates ?? data?.candidates ?? [];
  return (
    <div id={id} className="why-panel" role="region" aria-label={t('whyTitle')} data-testid="why-panel">
      {error ? <ErrorNote error={error} /> : null}
      {data && (
        <>
          {data.decision ? (
            <p>{t('whyDecision', { agent: name(data.decision.agentId), rule: data.decision.rule })}</p>
          ) : (
            <>
              <h3>{t('whyBlockers')}</h3>
              {data.blockers.length === 0 ? (
                <p>{t('whyNothing')}</p>
              ) : (
                <ul>
                  {data.blockers.map((b) => (
                    <li key={b.code}>
                      <code>{b.code}</code> {b.detail}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {candidates.length > 0 && (
            <>
              <h3>{t('whyCandidates')}</h3>
              <ol className="why-candidates">
                {candidates.map((c) => (
                  <li key={c.agentId}>
                    <strong>{name(c.agentId)}</strong> — {c.eligible ? t('whyEligible') : t('whyNotEligible')}: <code>{c.because}</code> {c.detail}
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
      <button type="button" onClick={onClose}>
        {t('whyClose')}
      </button>
    </div>
  );
}
