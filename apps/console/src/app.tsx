import { lazy, Suspense, useMemo, useState } from 'react';
import { AdminPage } from './components/admin/admin-page.tsx';
import { LoginPage } from './components/common/login-page.tsx';
import { TopBar } from './components/common/top-bar.tsx';
import { AgentConsole } from './components/console/agent-console.tsx';
import { HistoryPage } from './components/history/history-page.tsx';
import { SupervisorDashboard } from './components/supervisor/supervisor-dashboard.tsx';
import { WhatIfPage } from './components/what-if/what-if-page.tsx';
import { I18nContext, initialLang, translator, useI18n, type Lang } from './lib/i18n.ts';
import { LiveProvider } from './state/live.tsx';
import { canSupervise, SessionProvider, useSession, useSessionState } from './state/session.tsx';
import { useRoute } from './state/use-route.ts';

// Charts and tables load with the page, outside the first load's budget.
const ReportsPage = lazy(() => import('./components/reports/reports-page.tsx'));

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const i18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (l: Lang) => {
        localStorage.setItem('sb.lang', l);
        document.documentElement.lang = l;
        setLangState(l);
      },
    }),
    [lang],
  );
  document.documentElement.lang = lang;
  return (
    <I18nContext.Provider value={i18n}>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </I18nContext.Provider>
  );
}

function Gate() {
  const { session, restoring } = useSessionState();
  const { t } = useI18n();
  if (restoring) return <p className="centered">{t('loading')}</p>;
  if (!session) return <LoginPage />;
  return (
    <LiveProvider token={session.token} onUnauthorized={session.logout}>
      <SignedIn />
    </LiveProvider>
  );
}

function SignedIn() {
  const { me } = useSession();
  const { t } = useI18n();
  const [section = canSupervise(me) ? 'supervisor' : 'console', ...rest] = useRoute();
  const page =
    section === 'admin' && me.role === 'admin' ? (
      <AdminPage tab={rest[0] ?? 'agents'} />
    ) : section === 'history' ? (
      <HistoryPage conversationId={rest[0]} />
    ) : section === 'what-if' && canSupervise(me) ? (
      <WhatIfPage />
    ) : section === 'reports' && canSupervise(me) ? (
      <Suspense fallback={<p className="centered">{t('loading')}</p>}>
        <ReportsPage />
      </Suspense>
    ) : section === 'supervisor' && canSupervise(me) ? (
      <SupervisorDashboard conversationId={rest[0]} />
    ) : (
      <AgentConsole conversationId={section === 'console' ? rest[0] : undefined} />
    );
  return (
    <div className="app">
      <TopBar section={section} />
      <main id="main" className="page">
        {page}
      </main>
    </div>
  );
}
