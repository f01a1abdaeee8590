import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { shortId, time } from '../../lib/format.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Agent, Contact, Conversation } from '../../lib/types.ts';
import { agentName } from '../../state/use-agents.ts';

interface Identity {
  channelId?: string;
  externalId?: string;
}

/** Who the customer is, and where the conversation stands. Values are shown as text. */
export function ContactPanel({ conversation, agents }: { conversation: Conversation; agents: Agent[] }) {
  const { t, lang } = useI18n();
  const [contact, setContact] = useState<Contact | null>(null);
  useEffect(() => {
    api
      .get<Contact>(`/contacts/${conversation.contactId}`)
      .then(setContact)
      .catch(() => setContact(null));
  }, [conversation.contactId]);

  const identities = Array.isArray(contact?.identities) ? (contact.identities as Identity[]) : [];
  const contactRows: Array<[string, string]> = contact
    ? [
        [t('name'), String(contact.name ?? '–')],
        ['ID', contact.id],
        ...identities.map((i): [string, string] => [`${t('channel')} ${shortId(i.channelId ?? '')}`, i.externalId ?? '']),
        ...(typeof contact.lastAgentId === 'string' ? [[t('assignee'), agentName(agents, contact.lastAgentId)] as [string, string]] : []),
      ]
    : [];
  const rows: Array<[string, string]> = [
    [t('status'), t(`status_${conversation.status}` as MessageKey)],
    [t('channel'), conversation.channelId],
    [t('skills'), conversation.skills.join(', ') || '–'],
    [t('priority'), String(conversation.priority)],
    [t('created'), time(conversation.createdAt, lang)],
  ];

  return (
    <aside className="contact-panel" aria-label={t('contact')}>
      <h3>{t('contact')}</h3>
      <Rows rows={contactRows} />
      <h3>{t('conversation')}</h3>
      <Rows rows={rows} />
    </aside>
  );
}

function Rows({ rows }: { rows: Array<[string, string]> }) {
  return (
    <dl>
      {rows.map(([k, v], i) => (
        <div key={i} className="dl-row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
