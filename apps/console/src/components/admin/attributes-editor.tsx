import { useI18n } from '../../lib/i18n.ts';
import type { AttributeRow } from './contact-patch.ts';
import { RowsEditor } from './rows-editor.tsx';

/** CONTACT_ATTRIBUTE_LIMITS.keyLength in @switchboard/protocol, copied: importing a value from there would bring zod into the bundle. */
const KEY_LENGTH = 64;

/** A contact's attributes as key/value rows; a removed row becomes `key: null` in the PATCH (contact-patch.ts). */
export function AttributesEditor({ rows, onChange }: { rows: AttributeRow[]; onChange: (rows: AttributeRow[]) => void }) {
  const { t } = useI18n();
  return (
    <RowsEditor
      legend={t('attributes')}
      rows={rows}
      onChange={onChange}
      blank={{ key: '', value: '' }}
      addLabel={t('addAttribute')}
      name={(r) => r.key}
      fields={(r, i, set) => (
        <>
          <input
            aria-label={`${t('key')} ${i + 1}`}
            placeholder={t('key')}
            maxLength={KEY_LENGTH}
            value={r.key}
            onChange={(e) => set({ key: e.target.value })}
          />
          <input aria-label={`${t('value')} ${r.key}`} placeholder={t('value')} value={r.value} onChange={(e) => set({ value: e.target.value })} />
        </>
      )}
    />
  );
}
