import { useI18n } from '../../lib/i18n.ts';
import type { AttributeRow } from './contact-patch.ts';

/** CONTACT_ATTRIBUTE_LIMITS.keyLength in @switchboard/protocol, copied: importing a value from there would bring zod into the bundle. */
const KEY_LENGTH = 64;

/** A contact's attributes as key/value rows; a removed row becomes `key: null` in the PATCH (contact-patch.ts). */
export function AttributesEditor({ rows, onChange }: { rows: AttributeRow[]; onChange: (rows: AttributeRow[]) => void }) {
  const { t } = useI18n();
  const set = (i: number, patch: Partial<AttributeRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <fieldset>
      <legend>{t('attributes')}</legend>
      {rows.map((r, i) => (
        <div className="row" key={i}>
          <input
            aria-label={`${t('key')} ${i + 1}`}
            placeholder={t('key')}
            maxLength={KEY_LENGTH}
            value={r.key}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <input aria-label={`${t('value')} ${r.key}`} placeholder={t('value')} value={r.value} onChange={(e) => set(i, { value: e.target.value })} />
          <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            {t('remove')} <span className="sr-only">{r.key}</span>
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        {t('addAttribute')}
      </button>
    </fieldset>
  );
}
