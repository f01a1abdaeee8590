import { useState } from 'react';
import { contactsApi, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Contact } from '../../lib/types.ts';
import { DataTable } from '../common/data-table.tsx';
import { contactColumns, contactName, type ChannelName } from './contact-parts.tsx';
import { useContactSearch } from './use-contact-search.ts';

interface Props {
  contact: Contact;
  channelName: ChannelName;
  onMerged: (contact: Contact, mergedId: string) => void;
}

/** Finds another contact and merges it into this one (after a confirm); a refusal shows the server's message as it is. */
export function ContactMerge({ contact, channelName, onMerged }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const search = useContactSearch(q.trim() || null, 10);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const candidates = search.items.filter((c) => c.id !== contact.id);

  async function merge(other: Contact) {
    if (!confirm(t('mergeConfirm', { other: contactName(other, t), name: contactName(contact, t) }))) return;
    setMessage(null);
    try {
      const merged = await contactsApi.merge(contact.id, other.id);
      setQ('');
      onMerged(merged, other.id);
      setMessage({ ok: true, text: t('merged') });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  }

  const action = {
    header: <span className="sr-only">{t('mergeInto')}</span>,
    cell: (c: Contact) => (
      <button type="button" onClick={() => void merge(c)}>
        {t('mergeInto')} <span className="sr-only">{contactName(c, t)}</span>
      </button>
    ),
  };
  return (
    <section aria-labelledby="contact-merge-heading" data-testid="contact-merge">
      <h3 id="contact-merge-heading">{t('mergeTitle')}</h3>
      <p className="hint">{t('mergeHint')}</p>
      <div role="search" className="form">
        <label>
          {t('mergeSearch')}
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </label>
      </div>
      {q.trim() && (
        <DataTable
          items={candidates}
          columns={[...contactColumns(t, channelName, (c) => contactName(c, t)), action]}
          rowKey={(c) => c.id}
          empty={<p className="muted">{search.loading ? t('loading') : t('noContacts')}</p>}
        />
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
