import { useState } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import { useRoute } from '../../state/use-route.ts';
import { DataTable } from '../common/data-table.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { ContactEditor } from './contact-editor.tsx';
import { contactColumns, contactName, useChannelNames } from './contact-parts.tsx';
import { useContactSearch } from './use-contact-search.ts';

/** Contacts (docs/contacts.md): search, then `#/admin/contacts/:id` opens one to edit or merge into. */
export function ContactsAdmin() {
  const { t } = useI18n();
  const [, , selectedId] = useRoute();
  const [q, setQ] = useState('');
  const search = useContactSearch(q.trim());
  const channelName = useChannelNames();
  const columns = contactColumns(t, channelName, (c) => (
    <a href={`#/admin/contacts/${encodeURIComponent(c.id)}`} aria-current={c.id === selectedId ? 'true' : undefined}>
      {contactName(c, t)}
    </a>
  ));

  return (
    <section>
      {selectedId && <ContactEditor key={selectedId} id={selectedId} channelName={channelName} onChange={search.applyChange} />}
      <div role="search" className="form">
        <label>
          {t('searchContacts')}
          <input type="search" value={q} aria-describedby="contact-search-hint" onChange={(e) => setQ(e.target.value)} />
        </label>
        <p id="contact-search-hint" className="hint">
          {t('contactSearchHint')}
        </p>
      </div>
      <ErrorNote error={search.error} />
      <DataTable
        items={search.items}
        columns={columns}
        rowKey={(c) => c.id}
        empty={search.loading ? <p className="muted">{t('loading')}</p> : <p className="muted">{t('noContacts')}</p>}
      />
      {search.nextCursor && (
        <button type="button" onClick={search.loadMore} disabled={search.loading}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
