import { useI18n } from '../../lib/i18n.ts';

export interface SkillRow {
  name: string;
  level: number;
}

/** Skill names with levels 1–5 (SPEC §1). */
export function SkillsEditor({ skills, onChange }: { skills: SkillRow[]; onChange: (s: SkillRow[]) => void }) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<SkillRow>) => onChange(skills.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <fieldset>
      <legend>{t('skills')}</legend>
      {skills.map((s, i) => (
        <div className="row" key={i}>
          <input aria-label={`${t('skills')} ${i + 1}`} value={s.name} onChange={(e) => set(i, { name: e.target.value })} />
          <label className="inline">
            {t('level')}
            <select value={s.level} onChange={(e) => set(i, { level: Number(e.target.value) })}>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => onChange(skills.filter((_, j) => j !== i))}>
            {t('remove')} <span className="sr-only">{s.name}</span>
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...skills, { name: '', level: 3 }])}>
        {t('addSkill')}
      </button>
    </fieldset>
  );
}
