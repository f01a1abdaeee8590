import { LANGS, useI18n, type Lang } from '../../lib/i18n.ts';

export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  return (
    <label className="inline">
      <span className="sr-only">{t('language')}</span>
      <select aria-label={t('language')} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
        {LANGS.map((l) => (
          <option key={l.id} value={l.id} lang={l.id}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
