import { useEffect, useState } from 'react';
import { api } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import type { Channel, KeywordRule } from '../../lib/types.ts';
import { CrudSection } from '../common/data-table.tsx';
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
  useEffect(
    () =>
      void api.get<{ items: Channel[] }>('/channels').then(
        (r) => setChannels(r.items),
        () => {},
      ),
    [],
  );

  function save(draft: Draft) {
    const body = {
      channelId: draft.channelId || null,
      match: draft.match,
      pattern: draft.pattern,
      reply: draft.reply || null,
      action: draft.action ? { type: draft.action } : null,
    };
    return draft.id ? crud.update(draft.id, body) : crud.create(body);
  }

  return (
    <CrudSection
      crud={crud}
      columns={[
        { header: t('channel'), cell: (r) => channels.find((c) => c.id === r.channelId)?.name ?? t('allChannels') },
        { header: t('match'), cell: (r) => r.match },
        { header: t('pattern'), cell: (r) => <code>{r.pattern}</code>, rowHeader: true },
        { header: t('replyText'), cell: (r) => r.reply },
        { header: t('action'), cell: (r) => actionName(r.action) },
      ]}
      newLabel={t('newRule')}
      newDisabled={Boolean(crud.loadError)}
      empty={EMPTY}
      toDraft={(r) => ({
        id: r.id,
        channelId: r.channelId ?? '',
        match: r.match,
        pattern: r.pattern,
        reply: r.reply ?? '',
        action: actionName(r.action),
      })}
      removable
      formLabel={() => t('newRule')}
      save={save}
      fields={(draft, setDraft) => (
        <>
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
        </>
      )}
    />
  );
}
