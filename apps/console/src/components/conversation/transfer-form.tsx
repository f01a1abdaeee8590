import { useState, type FormEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Agent } from '../../lib/types.ts';

/** Transfer to a named agent (whatever their presence) or back to routing with a set of skills (R8). */
export function TransferForm({ conversationId, agents, onDone }: { conversationId: string; agents: Agent[]; onDone: () => void }) {
  const { t } = useI18n();
  const [target, setTarget] = useState<'agent' | 'skills'>('agent');
  const [agentId, setAgentId] = useState('');
  const [skills, setSkills] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const body =
      target === 'agent'
        ? { agentId }
        : {
            skills: skills
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          };
    try {
      await api.post(`/conversations/${conversationId}/transfer`, body);
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
          <select aria-label={t('toAgent')} value={agentId} onChange={(e) => setAgentId(e.target.value)} required>
            <option value="">–</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({t(a.presence)})
              </option>
            ))}
          </select>
        ) : (
          <input aria-label={t('toSkills')} placeholder={t('skillsHint')} value={skills} onChange={(e) => setSkills(e.target.value)} />
        )}
        <button type="submit">{t('transfer')}</button>
      </fieldset>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
