import { useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';

interface Turn {
  input?: { type: string; text?: string; status?: number };
  result: { outputs: Array<{ text: string }>; state: { stepId: string; status: string } };
}
interface Simulation {
  turns: Turn[];
  final: { status: string; stepId: string };
  unusedInputs: number;
}

/** Runs the saved draft against customer messages typed one per line: what the bot would say, turn by turn. */
export function ScriptSimulator({ id }: { id: string }) {
  const { t } = useI18n();
  const [inputs, setInputs] = useState('');
  const [result, setResult] = useState<Simulation | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    setError(null);
    try {
      const lines = inputs.split('\n').filter((l) => l.trim() !== '');
      setResult(await api.post<Simulation>(`/scripts/${encodeURIComponent(id)}/simulate`, { inputs: lines }));
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="simulator" aria-labelledby="simulate-title">
      <h3 id="simulate-title">{t('simulate')}</h3>
      <label>
        {t('simulateInputs')}
        <textarea value={inputs} rows={3} onChange={(e) => setInputs(e.target.value)} />
      </label>
      <button type="button" onClick={() => void run()}>
        {t('runSimulation')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <ol className="sim-turns" data-testid="simulation">
          {result.turns.map((turn, i) => (
            <li key={i}>
              {turn.input && <p className="sim-in">{turn.input.type === 'text' ? turn.input.text : t('simHttp', { status: turn.input.status ?? '–' })}</p>}
              {turn.result.outputs.map((o, j) => (
                <p key={j} className="sim-out">
                  {o.text}
                </p>
              ))}
            </li>
          ))}
          <li className="muted">{t('simFinal', { status: result.final.status, step: result.final.stepId })}</li>
        </ol>
      )}
    </section>
  );
}
