import { useEffect, useState, type FormEvent } from 'react';
import { api, errorText } from '../../lib/api.ts';
import { useI18n } from '../../lib/i18n.ts';
import { useCrud } from '../admin/use-crud.ts';
import type { Tag } from './tag-picker.tsx';

type Canned = { id: string; shortcut: string; text: string; folder: string | null; usageCount: number; personal: boolean };
type Csat = { enabled: boolean; message: string; replyMatching: 'strict' | 'lenient'; congratulate: boolean };
type Desk = { wrapUpSeconds: number; tagsRequiredAtClose: boolean };

/** Admin: service-reason tags, canned responses, the satisfaction survey, wrap-up (docs/agent-tools.md). */
export function AgentToolsAdmin() {
  return (
    <div className="agent-tools-admin">
      <TagsAdmin />
      <CannedAdmin />
      <SurveyAndWrapUp />
    </div>
  );
}

function TagsAdmin() {
  const { t } = useI18n();
  const tags = useCrud<Tag>('/tags');
  const [name, setName] = useState('');
  const [color, setColor] = useState('#2563eb');
  async function add(e: FormEvent) {
    e.preventDefault();
    if (await tags.create({ name, color })) setName('');
  }
  return (
    <section className="card" aria-labelledby="tags-admin">
      <h2 id="tags-admin">{t('tagsAtClose')}</h2>
      <ul className="tag-chips">
        {tags.items.map((tag) => (
          <li key={tag.id}>
            <span className="tag-swatch" style={{ background: tag.color }} aria-hidden="true" />
            {tag.name}
            {!tag.archived && (
              <button type="button" onClick={() => void tags.update(tag.id, { archived: true })}>
                {t('tagArchive')} <span className="sr-only">{tag.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="form inline" onSubmit={add}>
        <label>
          {t('tagName')}
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          {t('tagColor')}
          <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        </label>
        <button type="submit" className="primary">
          {t('add')}
        </button>
      </form>
      {tags.error && <p className="error">{tags.error}</p>}
    </section>
  );
}

function CannedAdmin() {
  const { t } = useI18n();
  const canned = useCrud<Canned>('/canned-responses');
  const [draft, setDraft] = useState({ shortcut: '', text: '', folder: '' });
  async function add(e: FormEvent) {
    e.preventDefault();
    if (await canned.create({ ...draft, folder: draft.folder || null })) setDraft({ shortcut: '', text: '', folder: '' });
  }
  return (
    <section className="card" aria-labelledby="canned-admin">
      <h2 id="canned-admin">{t('cannedPicker')}</h2>
      <p className="muted">{t('cannedPlaceholders')}</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('cannedShortcut')}</th>
            <th scope="col">{t('cannedText')}</th>
            <th scope="col">{t('cannedUses')}</th>
          </tr>
        </thead>
        <tbody>
          {canned.items.map((c) => (
            <tr key={c.id}>
              <td>
                /{c.shortcut} {c.folder && <span className="muted">[{c.folder}]</span>}
              </td>
              <td>{c.text}</td>
              <td>{c.usageCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="form" onSubmit={add}>
        <label>
          {t('cannedShortcut')}
          <input value={draft.shortcut} onChange={(e) => setDraft({ ...draft, shortcut: e.target.value })} required />
        </label>
        <label>
          {t('cannedFolder')}
          <input value={draft.folder} onChange={(e) => setDraft({ ...draft, folder: e.target.value })} />
        </label>
        <label>
          {t('cannedText')}
          <textarea rows={3} value={draft.text} onChange={(e) => setDraft({ ...draft, text: e.target.value })} required />
        </label>
        <button type="submit" className="primary">
          {t('add')}
        </button>
      </form>
      {canned.error && <p className="error">{canned.error}</p>}
    </section>
  );
}

function SurveyAndWrapUp() {
  const { t } = useI18n();
  const [csat, setCsat] = useState<Csat | null>(null);
  const [desk, setDesk] = useState<Desk | null>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    api.get<Csat>('/settings/csat').then(setCsat, (e) => setNote(errorText(e)));
    api.get<Desk>('/settings/agent-tools').then(setDesk, (e) => setNote(errorText(e)));
  }, []);
  if (!csat || !desk) return note ? <p className="error">{note}</p> : null;
  async function save(e: FormEvent) {
    e.preventDefault();
    try {
      setCsat(await api.patch<Csat>('/settings/csat', csat));
      setDesk(await api.patch<Desk>('/settings/agent-tools', desk));
      setNote(t('saved'));
    } catch (err) {
      setNote(errorText(err));
    }
  }
  return (
    <form className="card form" onSubmit={save} aria-labelledby="survey-admin">
      <h2 id="survey-admin">{t('csatSettings')}</h2>
      <label>
        <input type="checkbox" checked={csat.enabled} onChange={(e) => setCsat({ ...csat, enabled: e.target.checked })} /> {t('csatEnabled')}
      </label>
      <label>
        {t('csatMessage')}
        <input value={csat.message} onChange={(e) => setCsat({ ...csat, message: e.target.value })} />
      </label>
      <label>
        <input
          type="checkbox"
          checked={csat.replyMatching === 'lenient'}
          onChange={(e) => setCsat({ ...csat, replyMatching: e.target.checked ? 'lenient' : 'strict' })}
        />{' '}
        {t('csatLenient')}
      </label>
      <label>
        <input type="checkbox" checked={csat.congratulate} onChange={(e) => setCsat({ ...csat, congratulate: e.target.checked })} /> {t('csatCongratulate')}
      </label>
      <label>
        {t('wrapUpSeconds')}
        <input type="number" min={0} max={3600} value={desk.wrapUpSeconds} onChange={(e) => setDesk({ ...desk, wrapUpSeconds: Number(e.target.value) })} />
      </label>
      <label>
        <input type="checkbox" checked={desk.tagsRequiredAtClose} onChange={(e) => setDesk({ ...desk, tagsRequiredAtClose: e.target.checked })} />{' '}
        {t('tagsRequiredSetting')}
      </label>
      <button type="submit" className="primary">
        {t('save')}
      </button>
      {note && <p role="status">{note}</p>}
    </form>
  );
}
