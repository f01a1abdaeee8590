import type { FormEvent } from 'react';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { WhatIfForm } from './what-if-types.ts';

const NUMBERS: Array<{ key: keyof WhatIfForm; label: MessageKey }> = [
  { key: 'dispatchPerAgent', label: 'whatIfDispatch' },
  { key: 'offerTimeoutSeconds', label: 'whatIfOfferTimeout' },
  { key: 'capacity', label: 'whatIfCapacity' },
  { key: 'addAgents', label: 'whatIfAddAgents' },
  { key: 'arrivalFactor', label: 'whatIfArrivals' },
];

export function WhatIfFormView({ form, onChange, onRun, busy }: { form: WhatIfForm; onChange: (f: WhatIfForm) => void; onRun: () => void; busy: boolean }) {
  const { t } = useI18n();
  const set = (patch: Partial<WhatIfForm>) => onChange({ ...form, ...patch });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onRun();
  };
  return (
    <form className="card form what-if-form" onSubmit={submit} aria-label={t('whatIfTitle')}>
      <fieldset>
        <legend>{t('whatIfPeriod')}</legend>
        <label>
          {t('whatIfFrom')}
          <input value={form.from} onChange={(e) => set({ from: e.target.value })} placeholder="2026-11-24" required />
        </label>
        <label>
          {t('whatIfTo')}
          <input value={form.to} onChange={(e) => set({ to: e.target.value })} placeholder="2026-11-25" required />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('whatIfSettings')}</legend>
        <label>
          {t('whatIfMode')}
          <select value={form.mode} onChange={(e) => set({ mode: e.target.value as WhatIfForm['mode'] })}>
            <option value="">{t('whatIfUnchanged')}</option>
            <option value="auto">auto</option>
            <option value="offer">offer</option>
          </select>
        </label>
        {NUMBERS.map(({ key, label }) => (
          <label key={key}>
            {t(label)}
            <input inputMode="decimal" value={form[key]} onChange={(e) => set({ [key]: e.target.value })} placeholder={t('whatIfUnchanged')} />
          </label>
        ))}
        <label>
          {t('whatIfAddSkills')}
          <input value={form.addSkills} onChange={(e) => set({ addSkills: e.target.value })} />
        </label>
      </fieldset>
      <button type="submit" className="primary" disabled={busy}>
        {t('whatIfRun')}
      </button>
    </form>
  );
}

/** The request body from the form; an unparsable number is named. */
export function requestOf(form: WhatIfForm, t: (k: MessageKey, v?: Record<string, string>) => string): { body: Record<string, unknown> } | { error: string } {
  const moment = (v: string) => v.trim();
  const overrides: Record<string, unknown> = {};
  for (const { key, label } of NUMBERS) {
    const raw = form[key].trim();
    if (raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n)) return { error: t('whatIfBadNumber', { field: t(label) }) };
    if (key === 'addAgents') {
      const skills = form.addSkills
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      overrides.addAgents = Array.from({ length: Math.max(0, Math.floor(n)) }, () => ({
        skills,
        ...(form.capacity.trim() && { capacity: Number(form.capacity) }),
      }));
    } else overrides[key] = n;
  }
  if (form.mode) overrides.mode = form.mode;
  return { body: { from: moment(form.from), to: moment(form.to), overrides } };
}
