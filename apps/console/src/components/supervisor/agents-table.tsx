import { useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Presence, RoutingOverview } from '../../lib/types.ts';
import { PresenceSelect } from '../common/presence-select.tsx';

/** Every agent's presence, load and capacity; a supervisor may change anyone's presence. */
export function AgentsTable({ routing, onChanged }: { routing?: RoutingOverview; onChanged: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);

  async function change(id: string, presence: Presence, reason?: string) {
    setError(null);
    try {
      await api.put(`/agents/${id}/presence`, { presence, reason });
      onChanged();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="card" aria-labelledby="agents-title">
      <h2 id="agents-title">{t('agents')}</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="table-scroll" tabIndex={0} role="group" aria-label={t('agents')}>
        <table data-testid="agents-table">
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('presence')}</th>
              <th scope="col">{t('load')}</th>
            </tr>
          </thead>
          <tbody>
            {(routing?.agents ?? []).map((a) => (
              <tr key={a.id}>
                <th scope="row">{a.name}</th>
                <td>
                  <PresenceSelect label={t('setPresence', { name: a.name })} presence={a.presence} reason={a.reason} onChange={(p, r) => change(a.id, p, r)} />
                </td>
                <td>
                  <meter min={0} max={a.capacity} value={a.load} aria-hidden="true" /> {a.load} / {a.capacity}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
