import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Channel, KeywordRule } from '../../lib/types.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { useCrud } from './use-crud.ts';

interface Draft {
  id?: string;
  channelId: string;
  match: KeywordRule['match'];
  pattern: string;
  reply: string;
  action: string;
}

const EMPTY: Draft = {
  channelId: '',
  match: 'contains',
  pattern: '',
  reply: '',
  action: '',
};
const ACTIONS = ['', 'handoff', 'close'];

const actionName = (a: unknown) => (typeof a === 'string' ? a : a && typeof a === 'object' && 'type' in a ? String((a as { type: unknown }).type) : '');

export function KeywordsAdmin() {
  const { t } = useI18n();
  const crud = useCrud<KeywordRule>('/bot/keywords');
  const [channels, setChannels] = useState<Channel[]>([]);
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(
    () =>
      void api.get<{ items: Channel[] }>('/channels').then(
        (r) => setChannels(r.items),
        () => {},
      ),
    [],
  );

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const body = {
      channelId: draft.channelId || null,
      match: draft.match,
      pattern: draft.pattern,
      reply: draft.reply || null,
      action: draft.action ? { type: draft.action } : null,
    };
    if (await (draft.id ? crud.update(draft.id, body) : crud.create(body))) setDraft(null);
  }

  return (
    <section>
      <ErrorNote error={crud.loadError} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('channel')}</th>
            <th scope="col">{t('match')}</th>
            <th scope="col">{t('pattern')}</th>
            <th scope="col">{t('replyText')}</th>
            <th scope="col">{t('action')}</th>
            <th scope="col">
              <span className="sr-only">{t('edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {crud.items.map((r) => (
            <tr key={r.id}>
              <td>{channels.find((c) => c.id === r.channelId)?.name ?? t('allChannels')}</td>
              <td>{r.match}</td>
              <th scope="row">
                <code>{r.pattern}</code>
              </th>
              <td>{r.reply}</td>
              <td>{actionName(r.action)}</td>
              <td className="row">
                <button
                  type="button"
                  onClick={() =>
                    setDraft({
                      id: r.id,
                      channelId: r.channelId ?? '',
                      match: r.match,
                      pattern: r.pattern,
                      reply: r.reply ?? '',
                      action: actionName(r.action),
                    })
                  }
                >
                  {t('edit')}
                </button>
                <button type="button" className="danger" onClick={() => confirm(t('deleteConfirm')) && void crud.remove(r.id)}>
                  {t('delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="primary" onClick={() => setDraft(EMPTY)} disabled={Boolean(crud.loadError)}>
        {t('newRule')}
      </button>
      {draft && (
        <form className="card form" onSubmit={save} aria-label={t('newRule')}>
          <label>
            {t('channel')}
            <select value={draft.channelId} onChange={(e) => setDraft({ ...draft, channelId: e.target.value })}>
              <option value="">{t('allChannels')}</option>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('match')}
            <select value={draft.match} onChange={(e) => setDraft({ ...draft, match: e.target.value as Draft['match'] })}>
              <option value="exact">exact</option>
              <option value="contains">contains</option>
              <option value="regex">regex</option>
            </select>
          </label>
          <label>
            {t('pattern')}
            <input required value={draft.pattern} onChange={(e) => setDraft({ ...draft, pattern: e.target.value })} />
          </label>
          <label>
            {t('replyText')}
            <textarea value={draft.reply} onChange={(e) => setDraft({ ...draft, reply: e.target.value })} />
          </label>
          <label>
            {t('action')}
            <select value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}>
              {ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {a || '–'}
                </option>
              ))}
            </select>
          </label>
          {crud.error && (
            <p role="alert" className="error">
              {crud.error}
            </p>
          )}
          <div className="row">
            <button type="submit" className="primary">
              {draft.id ? t('save') : t('create')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
