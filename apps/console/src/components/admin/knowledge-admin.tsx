import { useI18n } from '../../lib/i18n.ts';
import type { KnowledgeArticle } from '../../lib/types.ts';
import { CrudSection } from '../common/data-table.tsx';
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

  function save(draft: Draft) {
    const body = {
      question: draft.question,
      answer: draft.answer,
      alternatives: splitList(draft.alternatives, /\n/),
      tags: splitList(draft.tags),
    };
    return draft.id ? crud.update(draft.id, body) : crud.create(body);
  }

  return (
    <CrudSection
      crud={crud}
      columns={[
        { header: t('question'), cell: (a) => a.question, rowHeader: true },
        { header: t('answer'), cell: (a) => a.answer },
        { header: t('tags'), cell: (a) => (a.tags ?? []).join(', ') },
      ]}
      newLabel={t('newArticle')}
      newDisabled={Boolean(crud.loadError)}
      empty={EMPTY}
      toDraft={(a) => ({
        id: a.id,
        question: a.question,
        answer: a.answer,
        alternatives: (a.alternatives ?? []).join('\n'),
        tags: (a.tags ?? []).join(', '),
      })}
      removable
      formLabel={() => t('newArticle')}
      save={save}
      fields={(draft, setDraft) => (
        <>
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
        </>
      )}
    />
  );
}
