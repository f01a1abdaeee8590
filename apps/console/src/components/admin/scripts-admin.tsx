import { useState } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import type { ScriptSummary } from '../../lib/types.ts';
import { DataTable } from '../common/data-table.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { ScriptEditor } from './script-editor.tsx';
import { useCrud } from './use-crud.ts';

const NEW_SCRIPT = {
  name: 'New script',
  start: 'hello',
  steps: [
    { id: 'hello', type: 'send', text: 'Hello! How can I help?', next: 'bye' },
    { id: 'bye', type: 'end', outcome: 'resolved' },
  ],
};

/** Conversation scripts: the list, and one script's draft, simulator, publishing and versions. */
export function ScriptsAdmin() {
  const { t } = useI18n();
  const crud = useCrud<ScriptSummary>('/scripts');
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [newId, setNewId] = useState('');

  async function create() {
    if (await crud.create({ ...NEW_SCRIPT, id: newId })) {
      setOpen(newId);
      setCreating(false);
      setNewId('');
    }
  }

  return (
    <section className="scripts">
      <ErrorNote error={crud.loadError} />
      <DataTable
        items={crud.items}
        rowKey={(s) => s.id}
        columns={[
          { header: t('name'), cell: (s) => s.name ?? s.id, rowHeader: true },
          { header: 'ID', cell: (s) => <code>{s.id}</code> },
          { header: t('published'), cell: (s) => (s.publishedVersion === null ? t('unpublished') : t('versionN', { n: s.publishedVersion })) },
          {
            header: <span className="sr-only">{t('edit')}</span>,
            cell: (s) => (
              <button type="button" aria-pressed={open === s.id} onClick={() => setOpen(s.id)}>
                {t('edit')} <span className="sr-only">{s.name ?? s.id}</span>
              </button>
            ),
          },
        ]}
        empty={<p className="muted">{t('noScripts')}</p>}
      />
      {creating ? (
        <form
          className="card form"
          aria-label={t('newScript')}
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <label>
            {t('scriptId')}
            <input required pattern="[A-Za-z0-9][A-Za-z0-9_\-]{0,63}" value={newId} onChange={(e) => setNewId(e.target.value)} />
          </label>
          {crud.error && (
            <p role="alert" className="error">
              {crud.error}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary">
              {t('create')}
            </button>
            <button type="button" onClick={() => setCreating(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('newScript')}
        </button>
      )}
      {open && <ScriptEditor key={open} id={open} onChanged={crud.reload} />}
    </section>
  );
}
