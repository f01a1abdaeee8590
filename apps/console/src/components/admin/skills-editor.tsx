import { useI18n } from '../../lib/i18n.ts';
import { RowsEditor } from './rows-editor.tsx';

export interface SkillRow {
  name: string;
  level: number;
}

/** Skill names with levels 1–5 (SPEC §1). */
export function SkillsEditor({ skills, onChange }: { skills: SkillRow[]; onChange: (s: SkillRow[]) => void }) {
  const { t } = useI18n();
  return (
    <RowsEditor
      legend={t('skills')}
      rows={skills}
      onChange={onChange}
      blank={{ name: '', level: 3 }}
      addLabel={t('addSkill')}
      name={(s) => s.name}
      fields={(s, i, set) => (
        <>
          <input aria-label={`${t('skills')} ${i + 1}`} value={s.name} onChange={(e) => set({ name: e.target.value })} />
          <label className="inline">
            {t('level')}
            <select value={s.level} onChange={(e) => set({ level: Number(e.target.value) })}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
    />
  );
}
