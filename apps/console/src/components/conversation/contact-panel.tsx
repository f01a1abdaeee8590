import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { time } from '../../lib/format.ts';
import { useI18n, type MessageKey } from '../../lib/i18n.ts';
import type { Agent, Contact, Conversation } from '../../lib/types.ts';
import { useFrames } from '../../state/live.tsx';
import { useSession } from '../../state/session.tsx';
import { agentName } from '../../state/use-agents.ts';
import { attributeText } from '../admin/contact-patch.ts';

/** Who the customer is, and where the conversation stands. Values are shown as text. */
export function ContactPanel({ conversation, agents }: { conversation: Conversation; agents: Agent[] }) {
  const { t, lang } = useI18n();
  const { me } = useSession();
  const [contact, setContact] = useState<Contact | null>(null);
  // A merge moves the conversation to another contact (`contact.merged`): follow it, and reload after changes.
  const [contactId, setContactId] = useState(conversation.contactId);
  const [version, setVersion] = useState(0);
  useEffect(() => setContactId(conversation.contactId), [conversation.contactId]);
  useFrames((frame) => {
    if (frame.type !== 'contact.merged') return;
    if (frame.data.mergedId === contactId) setContactId(frame.data.id);
    else if (frame.data.id === contactId) setVersion((v) => v + 1);
  });
  useEffect(() => {
    api
      .get<Contact>(`/contacts/${contactId}`)
      .then(setContact)
      .catch(() => setContact(null));
  }, [contactId, version]);

  const contactRows: Array<[string, string]> = contact
    ? [
        [t('name'), contact.name ?? conversation.contact?.displayName ?? '–'],
        // Where the contact is known, by channel name when it is this conversation's channel: no raw ids.
        ...contact.identities.map((i): [string, string] => [i.channelId === conversation.channel?.id ? conversation.channel.name : t('channel'), i.externalId.startsWith('visitor_') ? t('webVisitor') : i.externalId]),
        ...(contact.lastAgentId ? [[t('assignee'), agentName(agents, contact.lastAgentId)] as [string, string]] : []),
      ]
    : [];
  const attributeRows = Object.entries(contact?.attributes ?? {}).map(([key, value]): [string, string] => [key, attributeText(value)]);
  const rows: Array<[string, string]> = [
    [t('status'), t(`status_${conversation.status}` as MessageKey)],
    [t('channel'), conversation.channel?.name ?? conversation.channelId],
    [t('skills'), conversation.skills.join(', ') || '–'],
    [t('priority'), String(conversation.priority)],
    [t('created'), time(conversation.createdAt, lang)],
  ];

  return (
    <aside className="contact-panel" aria-label={t('contact')}>
      <h3>{t('contact')}</h3>
      <Rows rows={contactRows} />
      {attributeRows.length > 0 && (
        <>
          <h4>{t('attributes')}</h4>
          <Rows rows={attributeRows} />
        </>
      )}
      {/* Editing is on the admin pages, which only admins can open (app.tsx), though the API also lets supervisors edit. */}
      {contact && me.role === 'admin' && <a href={`#/admin/contacts/${encodeURIComponent(contact.id)}`}>{t('editContact')}</a>}
      <h3>{t('conversation')}</h3>
      <Rows rows={rows} />
      <PastConversations contactId={contactId} currentId={conversation.id} />
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

/** The contact's other conversations on every channel, newest first, each opening in History. */
function PastConversations({ contactId, currentId }: { contactId: string; currentId: string }) {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<Conversation[]>([]);
  useEffect(() => {
    api
      .get<{ items: Conversation[] }>(`/conversations?contactId=${encodeURIComponent(contactId)}&limit=11`)
      .then((p) => setItems(p.items.filter((c) => c.id !== currentId).slice(0, 10)))
      .catch(() => setItems([]));
  }, [contactId, currentId]);
  return (
    <>
      <h3>{t('pastConversations')}</h3>
      {items.length === 0 ? (
        <p className="muted">{t('noPastConversations')}</p>
      ) : (
        <ul className="plain past-conversations" data-testid="past-conversations">
          {items.map((c) => (
            <li key={c.id}>
              <a href={`#/history/${c.id}`}>
                {new Date(c.createdAt).toLocaleDateString(lang)} · {c.channel?.name ?? ''} · {t(`status_${c.status}` as MessageKey)}
              </a>
              {c.lastMessage && <span className="preview">{c.lastMessage.text}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
