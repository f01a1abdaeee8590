import { useI18n } from '../../lib/i18n.ts';
import type { Channel } from '../../lib/types.ts';
import { CrudSection } from '../common/data-table.tsx';
import { ChannelQueueFields, EMPTY_QUEUE_DRAFT, queueBody, relaxSummary, toQueueDraft, type QueueDraft } from './channel-queue-fields.tsx';
import { ConfigEditor, type ConfigRow } from './config-editor.tsx';
import { splitList, useCrud } from './use-crud.ts';

const TYPES = ['webchat', 'api', 'line', 'telegram', 'whatsapp', 'messenger', 'instagram', 'email'];

interface Draft {
  id?: string;
  type: string;
  name: string;
  bot: boolean;
  skills: string;
  priority: number;
  handoffKeywords: string;
  returnKeywords: string;
  config: ConfigRow[];
  queue: QueueDraft;
}

const EMPTY: Draft = {
  type: 'webchat',
  name: '',
  bot: true,
  skills: '',
  priority: 0,
  handoffKeywords: '',
  returnKeywords: '',
  config: [],
  queue: EMPTY_QUEUE_DRAFT,
};

function toDraft(c: Channel): Draft {
  return {
    id: c.id,
    type: c.type,
    name: c.name,
    bot: c.bot,
    skills: c.skills.join(', '),
    priority: c.priority,
    handoffKeywords: (c.handoffKeywords ?? []).join(', '),
    returnKeywords: c.returnKeywords.join(', '),
    config: Object.entries(c.config).map(([key, value]) => ({
      key,
      value: typeof value === 'string' ? value : JSON.stringify(value),
      secret: false,
    })),
    queue: toQueueDraft(c),
  };
}

export function ChannelsAdmin() {
  const { t } = useI18n();
  const crud = useCrud<Channel>('/channels');

  function save(draft: Draft) {
    // Secrets are write-only: an empty secret field means "keep what is stored".
    const config = Object.fromEntries(draft.config.filter((r) => r.key.trim() && (!r.secret || r.value)).map((r) => [r.key.trim(), r.value]));
    const body = {
      name: draft.name,
      bot: draft.bot,
      skills: splitList(draft.skills),
      priority: draft.priority,
      handoffKeywords: draft.handoffKeywords.trim() ? splitList(draft.handoffKeywords) : null,
      returnKeywords: splitList(draft.returnKeywords),
      config,
      ...queueBody(draft.queue),
    };
    return draft.id ? crud.update(draft.id, body) : crud.create({ ...body, type: draft.type });
  }

  return (
    <CrudSection
      crud={crud}
      columns={[
        { header: t('name'), cell: (c) => c.name, rowHeader: true },
        { header: t('type'), cell: (c) => c.type },
        { header: t('bot'), cell: (c) => (c.bot ? t('on') : t('off')) },
        { header: t('skills'), cell: (c) => c.skills.join(', ') },
        { header: t('priority'), cell: (c) => c.priority },
        { header: t('qp_relaxColumn'), cell: (c) => relaxSummary(c, t) },
        {
          header: t('widgetSnippet'),
          cell: (c) => c.type === 'webchat' && <code className="snippet">{`<script src="${location.origin}/widget.js" data-channel="${c.id}"></script>`}</code>,
        },
      ]}
      newLabel={t('newChannel')}
      empty={EMPTY}
      toDraft={toDraft}
      editName={(c) => c.name}
      formLabel={(draft) => (draft.id ? t('edit') : t('newChannel'))}
      save={save}
      fields={(draft, setDraft) => (
        <>
          <label>
            {t('type')}
            <select value={draft.type} disabled={Boolean(draft.id)} onChange={(e) => setDraft({ ...draft, type: e.target.value })}>
              {TYPES.map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
          <label>
            {t('name')}
            <input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <label className="inline">
            <input type="checkbox" checked={draft.bot} onChange={(e) => setDraft({ ...draft, bot: e.target.checked })} /> {t('bot')}
          </label>
          <label>
            {t('skills')}
            <input value={draft.skills} placeholder={t('skillsHint')} onChange={(e) => setDraft({ ...draft, skills: e.target.value })} />
          </label>
          <label>
            {t('priority')}
            <input type="number" value={draft.priority} onChange={(e) => setDraft({ ...draft, priority: Number(e.target.value) })} />
          </label>
          <label>
            {t('handoffKeywords')}
            <input
              value={draft.handoffKeywords}
              placeholder="agent, human, 人工, 真人"
              onChange={(e) => setDraft({ ...draft, handoffKeywords: e.target.value })}
            />
          </label>
          <label>
            {t('returnKeywords')}
            <input value={draft.returnKeywords} placeholder="離開" onChange={(e) => setDraft({ ...draft, returnKeywords: e.target.value })} />
          </label>
          <ConfigEditor rows={draft.config} type={draft.type} onChange={(config) => setDraft({ ...draft, config })} />
          <ChannelQueueFields draft={draft.queue} onChange={(queue) => setDraft({ ...draft, queue })} />
        </>
      )}
    />
  );
}
