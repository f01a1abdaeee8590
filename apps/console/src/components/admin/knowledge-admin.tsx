import { useState, type FormEvent } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import type { KnowledgeArticle } from '../../lib/types.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { splitList, useCrud } from './use-crud.ts';

interface Draft {
  id?: string;
  question: string;
  answer: string;
  alternatives: string;
  tags: string;
}

const EMPTY: Draft = { question: '', answer: '', alternatives: '', tags: '' };

export function KnowledgeAdmin() {
  const { t } = useI18n();
  const crud = useCrud<KnowledgeArticle>('/knowledge/articles');
  const [draft, setDraft] = useState<Draft | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const body = {
      question: draft.question,
      answer: draft.answer,
      alternatives: splitList(draft.alternatives, /\n/),
      tags: splitList(draft.tags),
    };
    if (await (draft.id ? crud.update(draft.id, body) : crud.create(body))) setDraft(null);
  }

  return (
    <section>
      <ErrorNote error={crud.loadError} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('question')}</th>
            <th scope="col">{t('answer')}</th>
            <th scope="col">{t('tags')}</th>
            <th scope="col">
              <span className="sr-only">{t('edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {crud.items.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.question}</th>
              <td>{a.answer}</td>
              <td>{(a.tags ?? []).join(', ')}</td>
              <td className="row">
                <button
                  type="button"
                  onClick={() =>
                    setDraft({
                      id: a.id,
                      question: a.question,
                      answer: a.answer,
                      alternatives: (a.alternatives ?? []).join('\n'),
                      tags: (a.tags ?? []).join(', '),
                    })
                  }
                >
                  {t('edit')}
                </button>
                <button type="button" className="danger" onClick={() => confirm(t('deleteConfirm')) && void crud.remove(a.id)}>
                  {t('delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="primary" onClick={() => setDraft(EMPTY)} disabled={Boolean(crud.loadError)}>
        {t('newArticle')}
      </button>
      {draft && (
        <form className="card form" onSubmit={save} aria-label={t('newArticle')}>
          <label>
            {t('question')}
            <input required value={draft.question} onChange={(e) => setDraft({ ...draft, question: e.target.value })} />
          </label>
          <label>
            {t('answer')}
            <textarea required value={draft.answer} onChange={(e) => setDraft({ ...draft, answer: e.target.value })} />
          </label>
          <label>
            {t('alternatives')}
            <textarea value={draft.alternatives} onChange={(e) => setDraft({ ...draft, alternatives: e.target.value })} />
          </label>
          <label>
            {t('tags')}
            <input value={draft.tags} onChange={(e) => setDraft({ ...draft, tags: e.target.value })} />
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
