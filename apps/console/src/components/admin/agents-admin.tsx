import { useState, type FormEvent } from 'react';
import { useI18n } from '../../lib/i18n.ts';
import type { Agent, Role } from '../../lib/types.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { SkillsEditor, type SkillRow } from './skills-editor.tsx';
import { useCrud } from './use-crud.ts';

interface Draft {
  id?: string;
  name: string;
  email: string;
  password: string;
  role: Role;
  capacity: number;
  skills: SkillRow[];
}

const EMPTY: Draft = {
  name: '',
  email: '',
  password: '',
  role: 'agent',
  capacity: 5,
  skills: [],
};

export function AgentsAdmin() {
  const { t } = useI18n();
  const crud = useCrud<Agent>('/agents');
  const [draft, setDraft] = useState<Draft | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    const { id, password, ...rest } = draft;
    const body = {
      ...rest,
      skills: draft.skills.filter((s) => s.name.trim()),
      ...(password && { password }),
    };
    if (await (id ? crud.update(id, body) : crud.create(body))) setDraft(null);
  }

  return (
    <section>
      <ErrorNote error={crud.loadError} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('email')}</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('skills')}</th>
            <th scope="col">{t('capacity')}</th>
            <th scope="col">{t('presence')}</th>
            <th scope="col">
              <span className="sr-only">{t('edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {crud.items.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.name}</th>
              <td>{a.email}</td>
              <td>{a.role}</td>
              <td>{a.skills.map((s) => `${s.name} (${s.level})`).join(', ')}</td>
              <td>{a.capacity}</td>
              <td>{t(a.presence)}</td>
              <td>
                <button type="button" onClick={() => setDraft({ ...a, role: a.role as Role, password: '' })}>
                  {t('edit')} <span className="sr-only">{a.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="primary" onClick={() => setDraft(EMPTY)}>
        {t('newAgent')}
      </button>
      {draft && (
        <form className="card form" onSubmit={save} aria-label={draft.id ? t('edit') : t('newAgent')}>
          <label>
            {t('name')}
            <input required value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </label>
          <label>
            {t('email')}
            <input type="email" required value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.target.value })} />
          </label>
          <label>
            {draft.id ? t('passwordOptional') : t('password')}
            <input
              type="password"
              minLength={8}
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            />
          </label>
          <label>
            {t('role')}
            <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
              <option value="agent">agent</option>
              <option value="supervisor">supervisor</option>
              <option value="admin">admin</option>
            </select>
          </label>
          <label>
            {t('capacity')}
            <input type="number" min={1} max={100} value={draft.capacity} onChange={(e) => setDraft({ ...draft, capacity: Number(e.target.value) })} />
          </label>
          <SkillsEditor skills={draft.skills} onChange={(skills) => setDraft({ ...draft, skills })} />
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
