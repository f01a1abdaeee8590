import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n, type Translate } from '../../lib/i18n.ts';
import type { Channel, KeywordRule, ScriptSummary } from '../../lib/types.ts';
import { CrudSection } from '../common/data-table.tsx';
import { actionOf, EMPTY_KEYWORD_DRAFT, keywordBody, toKeywordDraft, type KeywordDraft } from './keyword-draft.ts';
import { KeywordFields } from './keyword-fields.tsx';
import { useCrud } from './use-crud.ts';

function actionText(t: Translate, rule: KeywordRule): string {
  const a = actionOf(rule);
  if (!a) return '–';
  if (a.type === 'handoff') return a.skills?.length ? t('actionHandoffSkills', { skills: a.skills.join(', ') }) : t('actionHandoff');
  if (a.type === 'start_script') return t('actionStartScript', { script: a.scriptId });
  return t('actionClose');
}

function useList<T>(path: string): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(
    () =>
      void api.get<{ items: T[] }>(path).then(
        (r) => setItems(r.items),
        () => {},
      ),
    [path],
  );
  return items;
}

/** Keyword rules in the order the bot tries them (first match wins), each scope reorderable. */
export function KeywordsAdmin() {
  const { t } = useI18n();
  const crud = useCrud<KeywordRule>('/bot/keywords');
  const channels = useList<Channel>('/channels');
  const scripts = useList<ScriptSummary>('/scripts');
  const scopeSize = (r: KeywordRule) => crud.items.filter((x) => x.channelId === r.channelId).length;
  const move = (r: KeywordRule, delta: -1 | 1) => crud.update(r.id, { position: (r.position ?? 0) + delta });
  const save = (d: KeywordDraft) => (d.id ? crud.update(d.id, keywordBody(d)) : crud.create(keywordBody(d)));

  return (
    <CrudSection
      crud={crud}
      columns={[
        { header: t('order'), cell: (r) => (r.position ?? 0) + 1, className: 'num' },
        { header: t('channel'), cell: (r) => channels.find((c) => c.id === r.channelId)?.name ?? t('allChannels') },
        { header: t('match'), cell: (r) => t(`match_${r.match}`) },
        { header: t('pattern'), cell: (r) => <code>{r.pattern}</code>, rowHeader: true },
        { header: t('replyText'), cell: (r) => r.reply },
        { header: t('action'), cell: (r) => actionText(t, r) },
        {
          header: <span className="sr-only">{t('order')}</span>,
          className: 'nowrap',
          cell: (r) => (
            <>
              <button
                type="button"
                className="icon"
                disabled={(r.position ?? 0) === 0}
                onClick={() => void move(r, -1)}
                aria-label={t('moveUp', { name: r.pattern })}
              >
                ↑
              </button>
              <button
                type="button"
                className="icon"
                disabled={(r.position ?? 0) >= scopeSize(r) - 1}
                onClick={() => void move(r, 1)}
                aria-label={t('moveDown', { name: r.pattern })}
              >
                ↓
              </button>
            </>
          ),
        },
      ]}
      newLabel={t('newRule')}
      newDisabled={Boolean(crud.loadError)}
      empty={EMPTY_KEYWORD_DRAFT}
      toDraft={toKeywordDraft}
      editName={(r) => r.pattern}
      removable
      formLabel={(d) => (d.id ? t('editRule') : t('newRule'))}
      save={save}
      fields={(draft, setDraft) => <KeywordFields draft={draft} setDraft={setDraft} channels={channels} scripts={scripts} />}
    />
  );
}
