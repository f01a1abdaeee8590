import { useState } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import { isMuted, requestNotificationPermission, setMuted } from '../../lib/notify.ts';
import { useLive } from '../../state/live.tsx';
import { canSupervise, useSession } from '../../state/session.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { LoadBadge } from './load-badge.tsx';
import { PresenceSwitch } from './presence-switch.tsx';

export function TopBar({ section }: { section: string }) {
  const { t } = useI18n();
  const { me, logout } = useSession();
  const { state } = useLive();
  const [muted, setMutedState] = useState(isMuted);
  const links = [
    me.agent && { id: 'console', label: t('navConsole') },
    { id: 'history', label: t('history') },
    canSupervise(me) && { id: 'supervisor', label: t('navSupervisor') },
    canSupervise(me) && { id: 'what-if', label: t('navWhatIf') },
    canSupervise(me) && { id: 'reports', label: t('navReports') },
    me.role === 'admin' && { id: 'admin', label: t('navAdmin') },
  ].filter((l): l is { id: string; label: string } => Boolean(l));

  return (
    <header className="top-bar">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <strong className="brand">{t('appName')}</strong>
      <nav aria-label={t('mainNav')}>
        {links.map((l) => (
          <a key={l.id} href={`#/${l.id}`} aria-current={section === l.id ? 'page' : undefined}>
            {l.label}
          </a>
        ))}
      </nav>
      <div className="top-bar-tools">
        {me.agent && <PresenceSwitch />}
        {me.agent && <LoadBadge agentId={me.agent.id} />}
        <span className={`conn conn-${state}`} role="status" data-testid="connection">
          {state === 'open' ? t('live') : t('reconnecting')}
        </span>
        <button
          type="button"
          aria-pressed={muted}
          onClick={() => {
            setMuted(!muted);
            setMutedState(!muted);
            requestNotificationPermission();
          }}
        >
          {muted ? t('unmute') : t('mute')}
        </button>
        <LanguageSwitch />
        <span className="who">
          {me.agent?.name ?? me.workspace.name} · {me.role}
        </span>
        <button type="button" onClick={logout}>
          {t('signOut')}
        </button>
      </div>
    </header>
  );
}
