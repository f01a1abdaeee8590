import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { RoutingSettings } from '../../lib/types.ts';

export function RoutingSettingsForm() {
  const { t } = useI18n();
  const [settings, setSettings] = useState<RoutingSettings | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => void api.get<RoutingSettings>('/settings/routing').then(setSettings, (e) => setMessage({ ok: false, text: errorText(e) })), []);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!settings) return;
    try {
      setSettings(await api.patch<RoutingSettings>('/settings/routing', settings));
      setMessage({ ok: true, text: t('saved') });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  }

  if (!settings) return message ? <p className="error">{message.text}</p> : <p>{t('loading')}</p>;
  const set = (patch: Partial<RoutingSettings>) => setSettings({ ...settings, ...patch });
  return (
    <form className="card form" onSubmit={save} aria-label={t('adminRouting')}>
      <label>
        {t('mode')}
        <select value={settings.mode} onChange={(e) => set({ mode: e.target.value as RoutingSettings['mode'] })}>
          <option value="auto">auto</option>
          <option value="offer">offer</option>
        </select>
      </label>
      <label>
        {t('dispatchPerAgent')}
        <input type="number" min={1} max={50} value={settings.dispatchPerAgent} onChange={(e) => set({ dispatchPerAgent: Number(e.target.value) })} />
      </label>
      <label>
        {t('offerTimeout')}
        <input type="number" min={1} max={3600} value={settings.offerTimeoutSeconds} onChange={(e) => set({ offerTimeoutSeconds: Number(e.target.value) })} />
      </label>
      <label className="inline">
        <input type="checkbox" checked={settings.stickyAgent} onChange={(e) => set({ stickyAgent: e.target.checked })} /> {t('stickyAgent')}
      </label>
      <label>
        {t('offlinePolicy')}
        <select
          value={settings.offlinePolicy}
          onChange={(e) =>
            set({
              offlinePolicy: e.target.value as RoutingSettings['offlinePolicy'],
            })
          }
        >
          <option value="keep">{t('keep')}</option>
          <option value="requeue">{t('requeue')}</option>
        </select>
      </label>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="primary">
        {t('save')}
      </button>
    </form>
  );
}
