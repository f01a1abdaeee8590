import { useEffect, useRef, useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { requestOf, WhatIfFormView } from './what-if-form.tsx';
import { WhatIfResults } from './what-if-results.tsx';
import type { SimulationResult, WhatIfForm } from './what-if-types.ts';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Supervisor page (#18): choose a period, change settings, run, compare recorded and simulated. */
export function WhatIfPage() {
  const { t } = useI18n();
  const [form, setForm] = useState<WhatIfForm>({
    from: day(-7),
    to: day(1),
    dispatchPerAgent: '',
    mode: '',
    offerTimeoutSeconds: '',
    capacity: '',
    addAgents: '',
    addSkills: '',
    arrivalFactor: '',
  });
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const poll = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (poll.current && clearTimeout(poll.current)), []);

  async function follow(id: string) {
    const job = await api.get<SimulationResult>(`/simulations/${encodeURIComponent(id)}`);
    setResult(job);
    if (job.status === 'queued' || job.status === 'running') poll.current = setTimeout(() => void follow(id).catch((e) => setError(errorText(e))), 1000);
    else setBusy(false);
    if (job.status === 'failed') setError(job.error ?? 'failed');
  }

  async function run() {
    const request = requestOf(form, t);
    if ('error' in request) return setError(request.error);
    setError(null);
    setBusy(true);
    try {
      const answer = await api.post<SimulationResult>('/simulations', request.body);
      setResult(answer);
      if (answer.status === 'done') setBusy(false);
      else if (answer.id) await follow(answer.id);
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  }

  return (
    <div className="what-if-page">
      <h1>{t('whatIfTitle')}</h1>
      <p>{t('whatIfIntro')}</p>
      <WhatIfFormView form={form} onChange={setForm} onRun={() => void run()} busy={busy} />
      {busy && result && result.status !== 'done' && <p role="status">{t('whatIfRunning', { percent: String(Math.round((result.progress ?? 0) * 100)) })}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && result.status === 'done' && <WhatIfResults result={result} />}
    </div>
  );
}
