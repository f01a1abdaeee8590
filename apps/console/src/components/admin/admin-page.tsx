import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import { AgentsAdmin } from './agents-admin.tsx';
import { ChannelsAdmin } from './channels-admin.tsx';
import { ContactsAdmin } from './contacts-admin.tsx';
import { KeywordsAdmin } from './keywords-admin.tsx';
import { KnowledgeAdmin } from './knowledge-admin.tsx';
import { RoutingSettingsForm } from './routing-settings-form.tsx';
import { BusinessHoursAdmin } from './business-hours-admin.tsx';
import { ScriptsAdmin } from './scripts-admin.tsx';
import { UnansweredAdmin } from './unanswered-admin.tsx';
import { AgentToolsAdmin } from '../agent-tools/agent-tools-admin.tsx';
import { IntegrationsAdmin } from './integrations-admin.tsx';

const TABS: Array<{ id: string; label: MessageKey }> = [
  { id: 'agents', label: 'adminAgents' },
  { id: 'channels', label: 'adminChannels' },
  { id: 'keywords', label: 'adminKeywords' },
  { id: 'scripts', label: 'adminScripts' },
  { id: 'knowledge', label: 'adminKnowledge' },
  { id: 'routing', label: 'adminRouting' },
  { id: 'hours', label: 'adminHours' },
  { id: 'contacts', label: 'adminContacts' },
  { id: 'agent-tools', label: 'adminAgentTools' },
  { id: 'integrations', label: 'adminIntegrations' },
];

export function AdminPage({ tab }: { tab: string }) {
  const { t } = useI18n();
  const current = TABS.find((x) => x.id === tab) ?? TABS[0];
  return (
    <div className="admin">
      <nav className="tabs" aria-label={t('navAdmin')}>
        {TABS.map((x) => (
          <a key={x.id} href={`#/admin/${x.id}`} aria-current={x.id === current.id ? 'page' : undefined}>
            {t(x.label)}
          </a>
        ))}
      </nav>
      <h1>{t(current.label)}</h1>
      {current.id === 'agents' && <AgentsAdmin />}
      {current.id === 'channels' && <ChannelsAdmin />}
      {current.id === 'keywords' && <KeywordsAdmin />}
      {current.id === 'scripts' && <ScriptsAdmin />}
      {current.id === 'knowledge' && <KnowledgeAdmin />}
      {current.id === 'knowledge' && <UnansweredAdmin />}
      {current.id === 'routing' && <RoutingSettingsForm />}
      {current.id === 'hours' && <BusinessHoursAdmin />}
      {current.id === 'contacts' && <ContactsAdmin />}
      {current.id === 'agent-tools' && <AgentToolsAdmin />}
      {current.id === 'integrations' && <IntegrationsAdmin />}
    </div>
  );
}
