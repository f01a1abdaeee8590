import { useState, type FormEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Agent } from '../../lib/types.ts';

/**
 * Transfer to a named agent (whatever their presence: R8, so the picker shows
 * it and asks before handing work to someone not ready) or back to routing
 * with a set of skills, with an optional note the next agent reads in the timeline.
 */
export function TransferForm({ conversationId, agents, onDone }: { conversationId: string; agents: Agent[]; onDone: () => void }) {
  const { t } = useI18n();
  const [target, setTarget] = useState<'agent' | 'skills'>('agent');
  const [agentId, setAgentId] = useState('');
  const [skills, setSkills] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = agents.find((a) => a.id === agentId);
  const notReady = target === 'agent' && chosen !== undefined && chosen.presence !== 'ready';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (notReady && !confirm(t('notReadyWarning', { name: chosen.name, presence: t(chosen.presence) }))) return;
    const to =
      target === 'agent'
        ? { agentId }
        : {
            skills: skills
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          };
    try {
      await api.post(`/conversations/${conversationId}/transfer`, { ...to, ...(note.trim() && { note: note.trim() }) });
      onDone();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <form className="transfer" onSubmit={submit} aria-label={t('transfer')}>
      <fieldset>
        <legend>{t('transferTo')}</legend>
        <label className="inline">
          <input type="radio" name="target" checked={target === 'agent'} onChange={() => setTarget('agent')} /> {t('toAgent')}
        </label>
        <label className="inline">
          <input type="radio" name="target" checked={target === 'skills'} onChange={() => setTarget('skills')} /> {t('toSkills')}
        </label>
        {target === 'agent' ? (
          <select
            aria-label={t('toAgent')}
            value={agentId}
            onChange={(e) => setAgentId(e.target.value)}
            required
            aria-describedby={notReady ? 'transfer-warning' : undefined}
          >
            <option value="">–</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.presence === 'ready' ? '● ' : '○ '}
                {a.name} ({t(a.presence)})
              </option>
            ))}
          </select>
        ) : (
          <input aria-label={t('toSkills')} placeholder={t('skillsHint')} value={skills} onChange={(e) => setSkills(e.target.value)} />
        )}
        <input
          aria-label={t('transferNote')}
          placeholder={t('transferNote')}
          maxLength={1000}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          className="transfer-note"
        />
        <button type="submit">{t('transfer')}</button>
      </fieldset>
      {notReady && (
        <p id="transfer-warning" className="warning" role="status">
          {t('notReadyWarning', { name: chosen.name, presence: t(chosen.presence) })}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
