import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { time } from '../../lib/format.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Contact, Conversation } from '../../lib/types.ts';

/** Who the customer is, and where the conversation stands. Values are shown as text. */
export function ContactPanel({ conversation }: { conversation: Conversation }) {
  const { t, lang } = useI18n();
  const [contact, setContact] = useState<Contact | null>(null);
  useEffect(() => {
    api
      .get<Contact>(`/contacts/${conversation.contactId}`)
      .then(setContact)
      .catch(() => setContact(null));
  }, [conversation.contactId]);

  const rows: Array<[string, string]> = [
    [t('status'), conversation.status],
    [t('channel'), conversation.channelId],
    [t('skills'), conversation.skills.join(', ') || '–'],
    [t('priority'), String(conversation.priority)],
    [t('created'), time(conversation.createdAt, lang)],
  ];
  const contactRows = contact ? Object.entries(contact).filter(([, v]) => v !== null && typeof v !== 'object') : [];

  return (
    <aside className="contact-panel" aria-label={t('contact')}>
      <h3>{t('contact')}</h3>
      <dl>
        {contactRows.map(([k, v]) => (
          <Row key={k} label={k} value={String(v)} />
        ))}
        {contact &&
          Object.entries(contact)
            .filter(([, v]) => Array.isArray(v))
            .map(([k, v]) => <Row key={k} label={k} value={(v as unknown[]).map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ')} />)}
      </dl>
      <h3>{t('conversation')}</h3>
      <dl>
        {rows.map(([k, v]) => (
          <Row key={k} label={k} value={v} />
        ))}
      </dl>
    </aside>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}
