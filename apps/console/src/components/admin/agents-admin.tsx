import { useI18n } from '../../lib/i18n.ts';
import type { Agent, Role } from '../../lib/types.ts';
import { CrudSection } from '../common/data-table.tsx';
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

  function save(draft: Draft) {
    const { id, password, ...rest } = draft;
    const body = {
      ...rest,
      skills: draft.skills.filter((s) => s.name.trim()),
      ...(password && { password }),
    };
    return id ? crud.update(id, body) : crud.create(body);
  }

  return (
    <CrudSection
      crud={crud}
      columns={[
        { header: t('name'), cell: (a) => a.name, rowHeader: true },
        { header: t('email'), cell: (a) => a.email },
        { header: t('role'), cell: (a) => a.role },
        { header: t('skills'), cell: (a) => a.skills.map((s) => `${s.name} (${s.level})`).join(', ') },
        { header: t('capacity'), cell: (a) => a.capacity },
        { header: t('presence'), cell: (a) => t(a.presence) },
      ]}
      newLabel={t('newAgent')}
      empty={EMPTY}
      toDraft={(a): Draft => ({ ...a, role: a.role as Role, password: '' })}
      editName={(a) => a.name}
      formLabel={(draft) => (draft.id ? t('edit') : t('newAgent'))}
      save={save}
      fields={(draft, setDraft) => (
        <>
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
        </>
      )}
    />
  );
}
