import { useState } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Agent, Presence } from '../../lib/types.ts';
import { useFrames } from '../../state/live.tsx';
import { useSession } from '../../state/session.tsx';
import { PresenceSelect } from './presence-select.tsx';

/** Always visible in the top bar: the signed-in agent's own presence. */
export function PresenceSwitch() {
  const { me, setAgent } = useSession();
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const agent = me.agent!;

  useFrames((f) => {
    if (f.type === 'agent.presence_changed' && f.data.id === agent.id) {
      setAgent({
        ...agent,
        presence: f.data.presence as Presence,
        presenceReason: f.data.reason,
      });
    }
  });

  async function change(presence: Presence, reason?: string) {
    setError(null);
    try {
      setAgent(
        await api.put<Agent>(`/agents/${agent.id}/presence`, {
          presence,
          reason,
        }),
      );
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <div className={`presence presence-${agent.presence}`}>
      <PresenceSelect label={t('presence')} presence={agent.presence} reason={agent.presenceReason} onChange={change} testId="my-presence" />
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}
